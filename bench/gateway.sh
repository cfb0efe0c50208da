#!/usr/bin/env bash
# Measures the hub's gateway with wrk: the same uncached database read (token validation + row-level
# security + count) direct to the crm service and through /api/brain/crm/..., and a bare Kestrel JSON
# endpoint as the machine's ceiling in the same run. Builds Release, starts the platform on the default
# ports (they must be free), seeds leads, signs in with the Development CLI client.
# Rate limits are lifted for the run (they would answer 429 within the first second).
# Usage: bench/gateway.sh [seconds per run]   (default 10)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}

eng/install-prerequisites.sh postgresql redis-server wrk
dotnet build BizOSaaS.AppHost/BizOSaaS.AppHost.csproj -c Release --nologo -v quiet -clp:NoSummary
dotnet build bench/BareKestrel/BareKestrel.csproj -c Release --nologo -v quiet -clp:NoSummary
ulimit -n 65535 2>/dev/null || true

data=$(mktemp -d /tmp/bizosaas-gateway-XXXXXX)
chmod 755 "$data"
log="$data/apphost.log"
export RateLimiting__Tiers__default__PermitsPerMinute=1000000000
dotnet BizOSaaS.AppHost/bin/Release/net10.0/BizOSaaS.AppHost.dll --DataDirectory="$data" > "$log" 2>&1 &
apphost=$!
bare_port=18099
dotnet bench/BareKestrel/bin/Release/net10.0/BareKestrel.dll $bare_port > /dev/null 2>&1 &
bare=$!
cleanup() { kill -TERM "$apphost" "$bare" 2>/dev/null || true; wait "$apphost" 2>/dev/null || true; rm -rf "$data"; }
trap cleanup EXIT

for _ in $(seq 1 180); do grep -q "resources are healthy" "$log" && break; sleep 1; done
grep -q "resources are healthy" "$log" || { echo "error: the platform did not become healthy; see $log" >&2; tail -20 "$log" >&2; exit 1; }

token=$(curl -s localhost:8001/connect/token -d grant_type=password -d client_id=bizosaas-cli \
  -d username=admin@coreldove.dev -d 'password=Passw0rd!' -d 'scope=openid profile email roles' \
  | python3 -c 'import sys, json; print(json.load(sys.stdin)["access_token"])')
for i in $(seq 1 200); do
  curl -s -o /dev/null localhost:8008/api/leads -H "Authorization: Bearer $token" -H 'content-type: application/json' \
    -d "{\"name\":\"Bench Lead $i\",\"email\":\"bench$i@example.com\"}"
done

mkdir -p bench/results
results=bench/results/gateway-$(date -u +%Y%m%dT%H%M%SZ).md
{
  echo "# Gateway, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, commit $(git rev-parse --short HEAD)$(git diff --quiet || echo ' (with uncommitted changes)')"
  echo
  echo "wrk -t2, ${seconds} s per run after a 10 s warm-up of each path, on the same 2-core machine as the platform (Release build, crm with 2 replicas; the direct runs hit crm-0 only, the gateway spreads over both)."
  echo
  echo "| what | connections | req/s | p50 ms | p95 ms | p99 ms | errors | non-2xx |"
  echo "|---|---|---|---|---|---|---|---|"
} > "$results"

measure() {
  local name=$1 url=$2 connections=$3
  shift 3
  local line
  line=$(wrk -t2 -c"$connections" -d"${seconds}s" -s bench/percentiles.lua "$@" "$url" | grep '^RESULT')
  local rps p50 p95 p99 errors non2xx
  rps=$(echo "$line" | grep -Eo 'rps=[0-9.]+' | cut -d= -f2)
  p50=$(echo "$line" | grep -Eo 'p50=[0-9.]+' | cut -d= -f2)
  p95=$(echo "$line" | grep -Eo 'p95=[0-9.]+' | cut -d= -f2)
  p99=$(echo "$line" | grep -Eo 'p99=[0-9.]+' | cut -d= -f2)
  errors=$(echo "$line" | grep -Eo 'errors=[0-9]+' | cut -d= -f2)
  non2xx=$(echo "$line" | grep -Eo 'non2xx=[0-9]+' | cut -d= -f2)
  echo "| $name | $connections | $rps | $p50 | $p95 | $p99 | $errors | $non2xx |" | tee -a "$results"
}

# Eight .NET processes have just started: let tiered compilation settle and warm every path first.
sleep 20
for url in "http://127.0.0.1:$bare_port/json" http://localhost:8008/api/leads/count http://localhost:8001/api/brain/crm/leads/count; do
  wrk -t2 -c100 -d10s -H "Authorization: Bearer $token" "$url" > /dev/null
done

for connections in 100 1000; do
  measure "bare Kestrel JSON (ceiling)" "http://127.0.0.1:$bare_port/json" "$connections"
  measure "uncached read direct to crm-0" "http://localhost:8008/api/leads/count" "$connections" -H "Authorization: Bearer $token"
  measure "uncached read through the gateway" "http://localhost:8001/api/brain/crm/leads/count" "$connections" -H "Authorization: Bearer $token"
done
echo >> "$results"
echo "Cached reads are not measured yet: the HybridCache layer has not landed." >> "$results"
echo "Results: $results"
