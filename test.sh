#!/usr/bin/env bash
# Runs every test: unit (nothing started), functional (real PostgreSQL, Redis and services) and browser (Debian's Chromium).
# Installs postgresql, redis-server and chromium from Debian's packages when missing.
set -euo pipefail
cd "$(dirname "$0")"

eng/install-prerequisites.sh postgresql redis-server chromium

# The build also checks formatting and code style as .editorconfig says (EnforceCodeStyleInBuild; warnings fail it): what
# `dotnet format --verify-no-changes` would report fails here, without the half minute a separate format run takes.
dotnet build BizOSaaS.sln --nologo -v quiet -clp:NoSummary

# The build wrote each service's OpenAPI document to docs/openapi/: they must be the ones in git (a contract change is
# committed with the code that made it, so it shows in review).
if git rev-parse --is-inside-work-tree >/dev/null 2>&1 && ! git diff --quiet -- docs/openapi; then
  echo "docs/openapi/ differs from what the build wrote; review and commit it:" >&2
  git --no-pager diff --stat -- docs/openapi >&2
  exit 1
fi

# Unit tests first (seconds, nothing started), then the functional and the browser tests, each against a platform
# of its own; every project runs even when one before it failed. (Side by side they took longer on 2 cores: both
# platforms start and run their services on the same two cores.)
status=0
for project in BizOSaaS.UnitTests BizOSaaS.FunctionalTests BizOSaaS.BrowserTests; do
  rm -f "$project/TestResults/results.trx"
  dotnet test "$project/$project.csproj" --no-build --nologo \
    --logger "console;verbosity=normal" --logger "trx;LogFileName=results.trx" --results-directory "$project/TestResults" || status=$?
done

# Every failed test again at the end, with the first lines of its message, then one plain summary line,
# "N passed, N failed, N skipped", from the runs' own counters.
results=$(ls BizOSaaS.*/TestResults/results.trx 2>/dev/null || true)
if [ -n "$results" ]; then
  # shellcheck disable=SC2086
  awk '/<UnitTestResult / && /outcome="Failed"/ { match($0, /testName="[^"]*"/); print "FAILED " substr($0, RSTART + 10, RLENGTH - 11); failing = 1 }
       failing && /<Message>/ { sub(/.*<Message>/, ""); message = 1; lines = 0 }
       message { end = sub(/<\/Message>.*/, ""); if (lines++ < 6) print "  " $0; if (end) { message = 0; failing = 0 } }
       /<\/UnitTestResult>/ { failing = 0 }' $results \
    | sed -e 's/&quot;/"/g' -e "s/&apos;/'/g" -e 's/&lt;/</g' -e 's/&gt;/>/g' -e 's/&amp;/\&/g'
fi
count() {
  # shellcheck disable=SC2086
  { cat $results 2>/dev/null || true; } \
    | awk -v key="$1" 'match($0, /<Counters [^>]*>/) { c = substr($0, RSTART, RLENGTH); if (match(c, " " key "=\"[0-9]+\"")) { total += substr(c, RSTART + length(key) + 3, RLENGTH - length(key) - 4) } } END { print total + 0 }'
}
passed=$(count passed)
failed=$(count failed)
skipped=$(count notExecuted)
echo "$passed passed, $failed failed, $skipped skipped"
if [ "$passed" -eq 0 ] || [ "$failed" -ne 0 ]; then
  status=1
fi
exit $status
