#!/usr/bin/env bash
# Measures the Aspire AppHost as ./start.sh runs it: time from its start to every resource running and healthy (cold:
# a new data folder, so initdb, provisioning and first migrations; warm: the same folder again); memory of the AppHost
# and every process it started (DCP's API server, controllers and per-process monitors, the dashboard, PostgreSQL,
# Redis, the services), as the sum of resident sizes (RSS, counts shared pages once per process) and of proportional
# sizes (PSS, shares them); and the time from a stop signal to the last of those processes gone, with SIGTERM,
# SIGINT, and SIGINT to the whole process group (Ctrl+C), each run started with job control. Any process left is
# reported. Needs the default ports free.
# Usage: bench/startup.sh [warm runs]   (default 3 warm runs after 1 cold run)
set -euo pipefail -m
cd "$(dirname "$0")/.."
runs=${1:-3}

eng/install-prerequisites.sh postgresql redis-server
dotnet build BizOSaaS.AppHost/BizOSaaS.AppHost.csproj --nologo -v quiet -clp:NoSummary

data=$(mktemp -d /tmp/bizosaas-bench-XXXXXX)
chmod 755 "$data"
mkdir -p bench/results
results=bench/results/startup-$(date -u +%Y%m%dT%H%M%SZ).md
trap 'rm -rf "$data"' EXIT

kb_of() { awk -v key="$2" '$1 == key":" {print $2}' "/proc/$1/$3" 2>/dev/null || echo 0; }
# The AppHost, DCP's API server (which names the AppHost as the process it watches) and everything under it.
tree_of() {
  local roots
  roots="$1 $(pgrep -f -- "dcp start-apiserver --monitor $1 " || true)"
  local all="" frontier="$roots"
  while [ -n "${frontier// /}" ]; do
    all="$all $frontier"
    local next=""
    for p in $frontier; do next="$next $(pgrep -P "$p" || true)"; done
    frontier=$next
  done
  echo "$all"
}

{
  echo "# Aspire AppHost start-up, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores"
  echo
  echo "| run | start to all healthy (s) | processes | RSS sum (MiB) | PSS sum (MiB) | stop signal | signal to all stopped (s) | left |"
  echo "|---|---|---|---|---|---|---|---|"
} > "$results"

signals=("TERM" "INT" "INT to the process group")
for i in $(seq 0 "$runs"); do
  kind=$([ "$i" -eq 0 ] && echo cold || echo "warm $i")
  log=$(mktemp)
  (cd BizOSaaS.AppHost && exec dotnet bin/Debug/net10.0/BizOSaaS.AppHost.dll --DataDirectory="$data") > "$log" 2>&1 &
  pid=$!
  for _ in $(seq 1 1200); do
    grep -q "resources are running and healthy" "$log" && break
    kill -0 "$pid" 2>/dev/null || { cat "$log"; exit 1; }
    sleep 0.1
  done
  healthy=$(grep -Eo 'healthy \(migrations done\), [0-9.]+ s' "$log" | grep -Eo '[0-9.]+' || echo "?")

  pids=$(tree_of "$pid")
  count=0 rss=0 pss=0
  for p in $pids; do
    count=$((count + 1))
    rss=$((rss + $(kb_of "$p" VmRSS status)))
    pss=$((pss + $(kb_of "$p" Pss smaps_rollup)))
  done

  signal=${signals[$((i % 3))]}
  start=$(date +%s.%N)
  case "$signal" in
    TERM) kill -TERM "$pid" ;;
    INT) kill -INT "$pid" ;;
    *) kill -INT -- "-$pid" ;;
  esac
  for _ in $(seq 1 600); do
    alive=0
    for p in $pids; do kill -0 "$p" 2>/dev/null && alive=$((alive + 1)); done
    [ "$alive" -eq 0 ] && break
    sleep 0.1
  done
  stopped=$(echo "$(date +%s.%N) - $start" | bc)
  wait "$pid" || true
  left=$({ pgrep -f "bizosaas-bench|BizOSaaS\.(Hub|Crm|Commerce|Directory|Portal|Admin)\.dll|redis-server 127.0.0.1:16379|aspire.hosting.orchestration|Aspire.Dashboard" || true; } | wc -l)

  printf '| %s | %s | %d | %d | %d | %s | %.2f | %d |\n' "$kind" "$healthy" "$count" $((rss / 1024)) $((pss / 1024)) "$signal" "$stopped" "$left" >> "$results"
  rm -f "$log"
done

cat "$results"
echo "written to $results"
