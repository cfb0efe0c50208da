#!/usr/bin/env bash
# Runs every test: unit, integration (real PostgreSQL, Redis and services) and browser (Debian's Chromium).
# Installs postgresql, redis-server and chromium from Debian's packages when missing.
set -euo pipefail
cd "$(dirname "$0")"

eng/install-prerequisites.sh postgresql redis-server chromium

dotnet build BizOSaaS.sln --nologo -v quiet -clp:NoSummary
dotnet format BizOSaaS.sln --verify-no-changes --no-restore

results=BizOSaaS.Tests/TestResults
rm -f "$results/all.trx"
status=0
dotnet test BizOSaaS.Tests/BizOSaaS.Tests.csproj --no-build --nologo \
  --logger "console;verbosity=normal" --logger "trx;LogFileName=all.trx" --results-directory "$results" || status=$?

# One plain summary line, "N passed, N failed, N skipped", from the run's own counters.
counters=$(grep -o '<Counters [^>]*>' "$results/all.trx" 2>/dev/null || true)
count() { echo "$counters" | grep -Eo " $1=\"[0-9]+\"" | grep -Eo '[0-9]+' || echo 0; }
passed=$(count passed)
failed=$(count failed)
skipped=$(count notExecuted)
echo "$passed passed, $failed failed, $skipped skipped"
if [ "$passed" -eq 0 ] || [ "$failed" -ne 0 ]; then
  status=1
fi
exit $status
