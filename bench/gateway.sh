#!/usr/bin/env bash
# Measures the hub's gateway and the tenant cache with wrk, in one command:
#   1. the platform with caching switched off (Caching__Enabled=false): an uncached read (token validation,
#      row-level security, a count in PostgreSQL) direct to crm and through /api/brain/crm/...;
#   2. the platform with caching on: the same read served from the cache, direct and through the gateway,
#      and the cache hit rate over the measured runs, from GET /api/brain/admin/cache/stats;
# and a bare Kestrel JSON endpoint as the machine's ceiling. Builds Release, starts the platform on the
# default ports (they must be free), seeds leads, signs in with the Development CLI client.
# Rate limits are lifted for the run (they would answer 429 within the first second).
# Usage: bench/gateway.sh [seconds per run]   (default 10)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}

eng/install-prerequisites.sh postgresql redis-server wrk
dotnet build BizOSaaS.AppHost/BizOSaaS.AppHost.csproj -c Release --nologo -v quiet -clp:NoSummary
dotnet build bench/BareKestrel/BareKestrel.csproj -c Release --nologo -v quiet -clp:NoSummary
ulimit -n 65535 2>/dev/null || true

export RateLimiting__Tiers__default__PermitsPerMinute=1000000000
bare_port=18099
dotnet bench/BareKestrel/bin/Release/net10.0/BareKestrel.dll $bare_port > /dev/null 2>&1 &
bare=$!
for _ in $(seq 1 50); do curl -s -o /dev/null "http://127.0.0.1:$bare_port/json" && break; sleep 0.2; done
apphost=
data=
stop_platform() {
  if [ -n "$apphost" ]; then
    kill -TERM "$apphost" 2>/dev/null || true
    wait "$apphost" 2>/dev/null || true
    apphost=
  fi
  if [ -n "$data" ]; then rm -rf "$data"; data=; fi
}
cleanup() { stop_platform; kill -TERM "$bare" 2>/dev/null || true; }
trap cleanup EXIT

token_for() {
  curl -s localhost:8001/connect/token -d grant_type=password -d client_id=bizosaas-cli \
    -d "username=$1" -d 'password=Passw0rd!' -d 'scope=openid profile email roles' \
    | python3 -c 'import sys, json; print(json.load(sys.stdin)["access_token"])'
}

# Starts the platform with the given environment, seeds 200 leads for CorelDove, signs in.
start_platform() {
  data=$(mktemp -d /tmp/bizosaas-gateway-XXXXXX)
  chmod 755 "$data"
  (cd BizOSaaS.AppHost && exec env "$@" dotnet bin/Release/net10.0/BizOSaaS.AppHost.dll --DataDirectory="$data") > "$data/apphost.log" 2>&1 &
  apphost=$!
  for _ in $(seq 1 180); do grep -q "resources are running and healthy" "$data/apphost.log" && break; sleep 1; done
  grep -q "resources are running and healthy" "$data/apphost.log" || { echo "error: the platform did not become healthy" >&2; tail -20 "$data/apphost.log" >&2; exit 1; }
  token=$(token_for admin@coreldove.dev)
  for i in $(seq 1 200); do
    curl -s -o /dev/null localhost:8008/api/leads -H "Authorization: Bearer $token" -H 'content-type: application/json' \
      -d "{\"name\":\"Bench Lead $i\",\"email\":\"bench$i@example.com\"}"
  done
  # Eight .NET processes have just started: let tiered compilation settle and warm both paths.
  sleep 20
  for url in http://localhost:8008/api/leads/count http://localhost:8001/api/brain/crm/leads/count; do
    wrk -t2 -c100 -d10s -H "Authorization: Bearer $token" "$url" > /dev/null
  done
}

mkdir -p bench/results
results=bench/results/gateway-$(date -u +%Y%m%dT%H%M%SZ).md
{
  echo "# Gateway and cache, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, commit $(git rev-parse --short HEAD)$(git diff --quiet || echo ' (with uncommitted changes)')"
  echo
  echo "wrk -t2, ${seconds} s per run, on the same machine as the platform (Release build, crm with 2 replicas; the direct runs and the gateway both reach the two replicas through DCP's proxy on :8008). The read is GET leads/count for CorelDove (200 leads): token validation, rate limit, row-level security, count."
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

# api_calls hits and misses over every service, as the hub publishes them.
cache_counts() {
  curl -s localhost:8001/api/brain/admin/cache/stats -H "Authorization: Bearer $admin_token" | python3 -c '
import sys, json
c = next(c for c in json.load(sys.stdin)["categories"] if c["category"] == "api_calls")
print(c["hits"], c["misses"], c["bypasses"])'
}

wrk -t2 -c100 -d5s "http://127.0.0.1:$bare_port/json" > /dev/null
for connections in 100 1000; do
  measure "bare Kestrel JSON (ceiling)" "http://127.0.0.1:$bare_port/json" "$connections"
done

start_platform Caching__Enabled=false
for connections in 100 1000; do
  measure "uncached read direct to crm" "http://localhost:8008/api/leads/count" "$connections" -H "Authorization: Bearer $token"
  measure "uncached read through the gateway" "http://localhost:8001/api/brain/crm/leads/count" "$connections" -H "Authorization: Bearer $token"
done
stop_platform

start_platform
admin_token=$(token_for admin@bizosaas.dev)
sleep 3
read -r hits_before misses_before bypasses_before < <(cache_counts)
for connections in 100 1000; do
  measure "cached read direct to crm" "http://localhost:8008/api/leads/count" "$connections" -H "Authorization: Bearer $token"
  measure "cached read through the gateway" "http://localhost:8001/api/brain/crm/leads/count" "$connections" -H "Authorization: Bearer $token"
done
sleep 3 # the services publish their counts every 2 s
read -r hits_after misses_after bypasses_after < <(cache_counts)
stop_platform

python3 - "$results" "$hits_before" "$misses_before" "$bypasses_before" "$hits_after" "$misses_after" "$bypasses_after" <<'EOF'
import re, sys
path = sys.argv[1]
hb, mb, bb, ha, ma, ba = map(int, sys.argv[2:])
rows = {}
for line in open(path):
    cells = [c.strip() for c in line.strip().strip('|').split('|')]
    if len(cells) == 8 and cells[2].replace('.', '').isdigit():
        rows[(cells[0], cells[1])] = (float(cells[2]), float(cells[3]), float(cells[5]))
out = ["", "## Ratios (gateway ÷ direct, same run)", "", "| read | connections | throughput | p50 latency | p99 latency |", "|---|---|---|---|---|"]
for kind in ("uncached", "cached"):
    for conns in ("100", "1000"):
        d = rows.get((f"{kind} read direct to crm", conns))
        g = rows.get((f"{kind} read through the gateway", conns))
        if d and g:
            out.append(f"| {kind} | {conns} | {g[0] / d[0]:.2f}× | {g[1] / d[1]:.2f}× | {g[2] / d[2]:.2f}× |")
hits, misses, bypasses = ha - hb, ma - mb, ba - bb
total = hits + misses + bypasses
out += ["", f"Cache over the cached runs (api_calls, every service): {hits} hits, {misses} misses, {bypasses} bypasses; hit rate {hits / total:.4f}." if total else "", ""]
open(path, "a").write("\n".join(out) + "\n")
print("\n".join(out))
EOF
echo "Results: $results"
