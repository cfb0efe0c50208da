#!/usr/bin/env bash
# Measures the AppHost: time from its start to all resources healthy (cold: a new data folder, so
# initdb and first migrations; warm: the same folder again), memory of every process once healthy,
# and time from SIGTERM to the last process gone (a script's background job ignores SIGINT; Ctrl+C takes the same path). Needs the default ports free.
# Usage: bench/startup.sh [runs]   (default 3 warm runs after 1 cold run)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}

eng/install-prerequisites.sh postgresql redis-server
dotnet build BizOSaaS.AppHost/BizOSaaS.AppHost.csproj --nologo -v quiet -clp:NoSummary
apphost=BizOSaaS.AppHost/bin/Debug/net10.0/BizOSaaS.AppHost.dll

data=$(mktemp -d /tmp/bizosaas-bench-XXXXXX)
chmod 755 "$data"
mkdir -p bench/results
results=bench/results/startup-$(date -u +%Y%m%dT%H%M%SZ).md
trap 'rm -rf "$data"' EXIT

rss_of() { awk '/VmRSS/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }

{
  echo "# AppHost start-up, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores"
  echo
  echo "| run | start to all healthy (s) | SIGTERM to all stopped (s) | total RSS of the AppHost and every process it started (MiB) |"
  echo "|---|---|---|---|"
} > "$results"

for i in $(seq 0 "$runs"); do
  kind=$([ "$i" -eq 0 ] && echo cold || echo "warm $i")
  log=$(mktemp)
  dotnet "$apphost" --DataDirectory="$data" > "$log" 2>&1 &
  pid=$!
  for _ in $(seq 1 600); do
    grep -q "resources are healthy" "$log" && break
    kill -0 "$pid" 2>/dev/null || { cat "$log"; exit 1; }
    sleep 0.1
  done
  healthy=$(grep -Eo 'healthy, [0-9.]+ s' "$log" | grep -Eo '[0-9.]+')

  rss=$(rss_of "$pid")
  for child in $(curl -s localhost:18888/api/resources | grep -Eo '"pid":[0-9]+' | grep -Eo '[0-9]+'); do
    rss=$((rss + $(rss_of "$child")))
  done

  start=$(date +%s.%N)
  kill -TERM "$pid"
  wait "$pid" || true
  stopped=$(echo "$(date +%s.%N) - $start" | bc)
  left=$({ pgrep -f "bizosaas-bench|BizOSaaS\.(Hub|Crm|Commerce|Directory|Portal|Admin)\.dll" || true; } | wc -l)
  [ "$left" -eq 0 ] || echo "warning: $left processes left after SIGTERM" >&2

  printf '| %s | %s | %.2f | %d |\n' "$kind" "$healthy" "$stopped" $((rss / 1024)) >> "$results"
  rm -f "$log"
done

cat "$results"
echo "written to $results"
