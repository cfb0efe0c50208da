#!/usr/bin/env bash
# Runs every test: unit, integration (real PostgreSQL, Redis and services) and browser (Debian's Chromium).
# Installs postgresql, redis-server and chromium from Debian's packages when missing.
set -euo pipefail
cd "$(dirname "$0")"

eng/install-prerequisites.sh postgresql redis-server chromium

dotnet build BizOSaaS.sln --nologo -v quiet -clp:NoSummary
dotnet format BizOSaaS.sln --verify-no-changes --no-restore

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test BizOSaaS.Tests/BizOSaaS.Tests.csproj --no-build --nologo \
  --logger "console;verbosity=normal" --results-directory BizOSaaS.Tests/TestResults 2>&1 | tee "$log" || status=$?

# One plain summary line: "N passed, N failed, N skipped".
summary=$(grep -Eo 'Failed: +[0-9]+, Passed: +[0-9]+, Skipped: +[0-9]+' "$log" | tail -n 1 || true)
if [ -n "$summary" ]; then
  read -r failed passed skipped < <(echo "$summary" | grep -Eo '[0-9]+' | xargs)
  echo "$passed passed, $failed failed, $skipped skipped"
  [ "$passed" -gt 0 ] || status=1
else
  echo "0 passed, 1 failed"
  status=1
fi
exit $status
