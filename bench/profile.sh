#!/usr/bin/env bash
# Where the request path's CPU goes, in one command (issue 15, ADR 25): the platform's leads count read, uncached
# (caching off) and from the cache, each direct to crm (through DCP's proxy on :8008) and through the hub's gateway
# (to the replicas' own ports), under wrk while `perf record -g` samples the hub, both crm replicas and PostgreSQL (the postmaster and its backends).
# The .NET processes write perf maps (DOTNET_PerfMapEnabled=1) so their JIT-compiled frames have names; each sample is
# put in one category (bench/lib/perf-breakdown.py: token validation, rate limiting, cache, Redis client, tracing,
# metrics, EF Core, Npgsql, JSON, YARP, HTTP client, Kestrel, routing and middleware, sockets, thread pool, runtime, JIT,
# kernel; PostgreSQL: the tenant CALL, planning, parsing, executor, protocol...), reported as a share and as µs per
# request. Builds Release, starts the platform on the default ports (they must be free), rate limits lifted.
# Usage: bench/profile.sh [seconds per read] [connections]   (default 10 and 100)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
connections=${2:-100}
frequency=499

eng/install-prerequisites.sh postgresql redis-server wrk linux-perf
dotnet build BizOSaaS.AppHost/BizOSaaS.AppHost.csproj -c Release --nologo -v quiet -clp:NoSummary
ulimit -n 65535 2>/dev/null || true

export RateLimiting__Tiers__default__PermitsPerMinute=1000000000
export Telemetry__Traces__SampleRatio=${TRACE_SAMPLE_RATIO:-0.01}
export DOTNET_PerfMapEnabled=1
# JIT-compiled code in anonymous memory, where perf finds it by the perf map (W^X double-maps it from a memfd perf
# cannot name).
export DOTNET_EnableWriteXorExecute=0
. bench/lib/platform.sh
work=$(mktemp -d /tmp/bizosaas-profile-XXXXXX)
trap 'stop_platform; rm -rf "$work"' EXIT

mkdir -p bench/results
results=bench/results/profile-$(date -u +%Y%m%dT%H%M%SZ).md
{
  echo "# Where a request's CPU goes, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, commit $(git rev-parse --short HEAD)$(git diff --quiet || echo ' (with uncommitted changes)')"
  echo
  echo "GET leads/count for CorelDove (200 leads), wrk -t2 -c$connections for ${seconds} s per read, perf record -F $frequency -g on the hub, both crm replicas and PostgreSQL; traces sampled at ${Telemetry__Traces__SampleRatio}. µs per request = a group's samples ÷ $frequency × 10⁶ ÷ the requests wrk completed (perf's own overhead included, so a little above bench/gateway.sh's /proc figures). A sample counts for the innermost part of the platform on its stack; a leaf in the kernel or the JIT compiler counts for it (see bench/lib/perf-breakdown.py)."
} > "$results"

profile() {
  local name=$1 url=$2
  local hub crm postmaster backends
  hub=$(listeners_of 8001)
  crm=$(pgrep -f 'BizOSaaS\.Crm\.dll' | paste -sd, -)
  postmaster=$(head -1 "$data/postgres/postmaster.pid")
  backends=$(pgrep -P "$postmaster" | paste -sd, -)
  perf record -q -F "$frequency" -g -o "$work/perf.data" -p "$hub,$crm,$postmaster,$backends" -- sleep "$seconds" > /dev/null 2>&1 &
  local perf_pid=$!
  local output
  output=$(wrk -t2 -c"$connections" -d"${seconds}s" -s bench/percentiles.lua -H "Authorization: Bearer $token" "$url")
  wait "$perf_pid" || true
  local line requests
  line=$(echo "$output" | grep '^RESULT')
  requests=$(echo "$line" | grep -Eo 'requests=[0-9]+' | cut -d= -f2)
  {
    echo
    echo "## $name, $connections connections"
    echo
    echo "wrk: ${line#RESULT }"
    perf script -i "$work/perf.data" -F pid,ip,sym,dso 2> /dev/null \
      | python3 bench/lib/perf-breakdown.py "$requests" "$frequency" "hub=$hub" "crm=$crm" "postgres=$postmaster,$backends"
  } | tee -a "$results"
}

start_platform Caching__Enabled=false
profile "uncached read direct to crm" http://localhost:8008/api/leads/count
profile "uncached read through the gateway" http://localhost:8001/api/brain/crm/leads/count
stop_platform

start_platform
profile "cached read direct to crm" http://localhost:8008/api/leads/count
profile "cached read through the gateway" http://localhost:8001/api/brain/crm/leads/count
stop_platform
echo "Results: $results"
