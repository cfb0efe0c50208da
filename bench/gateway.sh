#!/usr/bin/env bash
# Measures the hub's gateway and the tenant cache with wrk, in one command:
#   1. the platform with caching switched off (Caching__Enabled=false): an uncached read (token validation,
#      row-level security, a count in PostgreSQL) direct to crm and through /api/brain/crm/...;
#   2. the platform with caching on: the same read served from the cache, direct and through the gateway,
#      and the cache hit rate over the measured runs, from GET /api/brain/admin/cache/stats;
# a bare Kestrel JSON endpoint as the machine's ceiling, and a bare YARP hop in front of it as the proxy's floor.
# For every run, the CPU time each process spent per request (hub, crm replicas, PostgreSQL, Redis, DCP, the
# dashboard, the bare servers, wrk, the machine), net of an idle sample of the same length taken just before it.
# Builds Release, starts the platform on the default ports (they must be free), seeds leads, signs in with the
# Development CLI client. Rate limits are lifted for the run (they would answer 429 within the first second).
# Usage: bench/gateway.sh [seconds per run]   (default 10; each run also takes as many seconds idle, and 10 s more)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}

eng/install-prerequisites.sh postgresql redis-server wrk
dotnet build BizOSaaS.AppHost/BizOSaaS.AppHost.csproj -c Release --nologo -v quiet -clp:NoSummary
dotnet build bench/BareKestrel/BareKestrel.csproj -c Release --nologo -v quiet -clp:NoSummary
dotnet build bench/BareYarp/BareYarp.csproj -c Release --nologo -v quiet -clp:NoSummary
ulimit -n 65535 2>/dev/null || true

export RateLimiting__Tiers__default__PermitsPerMinute=1000000000
# Traces: a share sampled by trace id, every failed or slow request kept (ADR 25); TRACE_SAMPLE_RATIO=1 traces all.
export Telemetry__Traces__SampleRatio=${TRACE_SAMPLE_RATIO:-0.01}
bare_port=18099
bare_yarp_port=18098
dotnet bench/BareKestrel/bin/Release/net10.0/BareKestrel.dll $bare_port > /dev/null 2>&1 &
bare=$!
bare_yarp=
for _ in $(seq 1 50); do curl -s -o /dev/null "http://127.0.0.1:$bare_port/json" && break; sleep 0.2; done
. bench/lib/platform.sh
stop_bare() {
  for pid in $bare $bare_yarp; do kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  bare= bare_yarp=
}
cleanup() { stop_platform; stop_bare; }
trap cleanup EXIT

# --- CPU time per process, from /proc (clock ticks of CLK_TCK per second) ---
clk_tck=$(getconf CLK_TCK)
# Seconds after wrk ends still counted in its run (the work requests leave behind: batched telemetry export, its
# ingestion by the dashboard, GC), and waited before the idle sample, so that the previous run's is not in it.
drain=5
# The processes each column counts, found again before every run (a replica restarted by the AppHost gets a new pid).
groups=(hub crm commerce postgres redis dcp dashboard bare_yarp bare)
declare -A pids_of

# The processes whose command line matches, except DCP's (its monitors may name the program they watch).
matching() {
  local pid
  for pid in $(pgrep -f "$1" || true); do
    [[ " $(echo ${pids_of[dcp]}) " == *" $pid "* ]] || echo "$pid"
  done
}

find_processes() {
  pids_of[hub]=$(listeners_of 8001)
  pids_of[dcp]=$(pgrep -x dcp || true) # DCP's API server, controllers (its proxy serves :8008) and process monitors
  pids_of[crm]=$(matching 'BizOSaaS\.Crm\.dll')
  pids_of[commerce]=$(matching 'BizOSaaS\.Commerce\.dll')
  # The postmaster; its backends are counted from it (add_postgres_ticks).
  pids_of[postgres]=$({ [ -n "$data" ] && head -1 "$data/postgres/postmaster.pid" 2>/dev/null; } || listeners_of 15432 | head -1)
  pids_of[redis]=$(listeners_of 16379)
  pids_of[dashboard]=$(matching '(^|/)Aspire\.Dashboard( |$)|(^|/)dotnet .*Aspire\.Dashboard\.dll')
  pids_of[bare_yarp]=$bare_yarp
  pids_of[bare]=$bare
}

# Adds a process's utime+stime to $ticks, or with "all" also its cutime+cstime (its children that exited and were
# waited for); sets $gone once it is gone. Fields are counted after the last ')': the command name before it may hold
# spaces, parentheses and even line breaks. No subshell: a sample reads dozens of processes.
add_ticks() {
  local stat=
  { read -r -d '' stat < "/proc/$1/stat"; } 2>/dev/null || true
  [ -n "$stat" ] || { gone=1; return 0; }
  local -a field
  read -r -a field <<< "${stat##*)}"
  # field[0] is the state, the file's 3rd field: utime, stime, cutime, cstime are its 14th to 17th.
  ticks=$(( ticks + field[11] + field[12] ))
  if [ "${2:-}" = all ]; then ticks=$(( ticks + field[13] + field[14] )); fi
}

# PostgreSQL: the postmaster with the backends that exited (its cutime/cstime) and those running (its children; one
# that exits between pgrep and its read is counted in the next sample, through the postmaster).
add_postgres_ticks() {
  add_ticks "$1" all
  local pid gone_before=$gone
  for pid in $(pgrep -P "$1" || true); do add_ticks "$pid"; done
  gone=$gone_before
}

# One line: wall clock µs, the machine's busy and all ticks (/proc/stat, every core), then each group's ticks ("-" if
# it has no process in this run, "?" if one of its processes is gone: its ticks went with it).
sample() {
  local line=${EPOCHREALTIME//[!0-9]/} _ user nice system idle iowait irq softirq steal
  read -r _ user nice system idle iowait irq softirq steal _ < /proc/stat
  local all=$(( user + nice + system + idle + iowait + irq + softirq + steal ))
  line="$line $(( all - idle - iowait )) $all"
  local group pid ticks gone
  for group in "${groups[@]}"; do
    if [ -z "${pids_of[$group]//[[:space:]]/}" ]; then line="$line -"; continue; fi
    ticks=0 gone=0
    for pid in ${pids_of[$group]}; do
      if [ "$group" = postgres ]; then add_postgres_ticks "$pid"; else add_ticks "$pid"; fi
    done
    if [ "$gone" = 1 ]; then line="$line ?"; else line="$line $ticks"; fi
  done
  echo "$line"
}

# wrk with the given arguments; its output, then "WRK_TICKS n": wrk's own CPU time, the cutime/cstime of the shell
# that waited for it and ran nothing else.
wrk_counted() {
  bash -c 'wrk "$@" || exit; read -r stat < /proc/$$/stat; read -r -a field <<< "${stat##*)}"; echo "WRK_TICKS $(( field[13] + field[14] ))"' wrk "$@"
}

# The CPU columns of a run: µs per request of each group and of wrk, net of the idle sample scaled to the run's length
# (ticks × 1e6 / CLK_TCK / requests); the rest of the machine ("other"); the machine; its idle share under load and
# its busy share in the idle sample (the background), in % of all cores.
# Arguments: requests, wrk ticks, then the samples at the idle sample's start and end, and at the run's start, wrk's
# end (for the idle share under load) and the run's end.
cpu_columns() {
  awk -v requests="$1" -v wrk="$2" -v hz="$clk_tck" -v samples="$3|$4|$5|$6|$7" 'BEGIN {
    split(samples, line, "|")
    n = split(line[1], idle0); split(line[2], idle1); split(line[3], run0); split(line[4], wrk1); split(line[5], run1)
    scale = (run1[1] - run0[1]) / (idle1[1] - idle0[1])
    per = requests > 0 ? 1e6 / hz / requests : 0
    machine = (run1[2] - run0[2]) - (idle1[2] - idle0[2]) * scale
    named = wrk
    for (k = 4; k <= n; k++) {
      if (run0[k] == "-") { out = out " | –"; continue }
      if (idle0[k] == "?" || run1[k] == "?") { out = out " | ?"; unknown = 1; continue }
      net = (run1[k] - run0[k]) - (idle1[k] - idle0[k]) * scale
      named += net
      out = out sprintf(" | %.0f", net * per)
    }
    idle_under_load = 100 * (1 - (wrk1[2] - run0[2]) / (wrk1[3] - run0[3]))
    background = 100 * (idle1[2] - idle0[2]) / (idle1[3] - idle0[3])
    other = unknown ? "?" : sprintf("%.0f", (machine - named) * per)
    printf "%s | %.0f | %s | %.0f | %.0f | %.1f\n", substr(out, 4), wrk * per, other, machine * per, idle_under_load, background
  }'
}

mkdir -p bench/results
results=bench/results/gateway-$(date -u +%Y%m%dT%H%M%SZ).md
{
  echo "# Gateway and cache, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, commit $(git rev-parse --short HEAD)$(git diff --quiet || echo ' (with uncommitted changes)')"
  echo
  echo "wrk -t2, ${seconds} s per run, on the same machine as the platform (Release build, crm with 2 replicas; the direct runs reach them through DCP's proxy on :8008, except \"direct to one crm replica\", which is sent to one replica's own port: what DCP's proxy costs; the gateway balances requests over the replicas' own ports, which they announce in the replica directory, ADR 33). The read is GET leads/count for CorelDove (200 leads, the table vacuumed after seeding): token validation, rate limit, row-level security, count; the commerce read is GET products/count for CorelDove (its Development demo store), the same steps in commerce, which has one replica and no proxy in front. Traces sampled at ${Telemetry__Traces__SampleRatio} of requests by trace id, every failed or slow one kept (Telemetry:Traces)."
  echo
  echo "CPU columns: µs of CPU time (user + system, from /proc/<pid>/stat) per completed request, net of an idle sample of the same length taken just before the run (scaled to the run's window, which goes on ${drain} s after wrk ends to count the work requests leave behind); – where the process has no part in the run, ? where one of its processes exited during it. crm is both replicas; postgres the postmaster and every backend; dcp every DCP process (its proxy serves :8008); other the rest of the machine (the AppHost, the other services, the kernel); machine all cores from /proc/stat. idle % is the machine's idle share while wrk ran, background % its busy share in the idle sample."
  echo
  echo "| what | connections | req/s | p50 ms | p95 ms | p99 ms | errors | non-2xx | hub µs | crm µs | commerce µs | postgres µs | redis µs | dcp µs | dashboard µs | bare YARP µs | bare Kestrel µs | wrk µs | other µs | machine µs | idle % | background % |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
} > "$results"

# The address of one crm replica's own listener: the port it serves behind DCP's proxy on :8008.
one_crm_replica() {
  local pid
  pid=$(matching 'BizOSaaS\.Crm\.dll' | head -1)
  echo "http://127.0.0.1:$(ss -Hltnp | grep "pid=$pid," | awk '{print $4}' | grep -Eo '[0-9]+$' | head -1)"
}

measure() {
  local name=$1 url=$2 connections=$3
  shift 3
  find_processes
  local idle_start idle_end run_start wrk_end run_end output
  sleep "$drain"
  idle_start=$(sample)
  sleep "$seconds"
  idle_end=$(sample)
  run_start=$(sample)
  output=$(wrk_counted -t2 -c"$connections" -d"${seconds}s" -s bench/percentiles.lua "$@" "$url")
  wrk_end=$(sample)
  sleep "$drain"
  run_end=$(sample)
  local line rps requests p50 p95 p99 errors non2xx wrk_ticks
  line=$(echo "$output" | grep '^RESULT')
  rps=$(echo "$line" | grep -Eo 'rps=[0-9.]+' | cut -d= -f2)
  requests=$(echo "$line" | grep -Eo 'requests=[0-9]+' | cut -d= -f2)
  p50=$(echo "$line" | grep -Eo 'p50=[0-9.]+' | cut -d= -f2)
  p95=$(echo "$line" | grep -Eo 'p95=[0-9.]+' | cut -d= -f2)
  p99=$(echo "$line" | grep -Eo 'p99=[0-9.]+' | cut -d= -f2)
  errors=$(echo "$line" | grep -Eo 'errors=[0-9]+' | cut -d= -f2)
  non2xx=$(echo "$line" | grep -Eo 'non2xx=[0-9]+' | cut -d= -f2)
  wrk_ticks=$(echo "$output" | awk '$1 == "WRK_TICKS" {print $2}')
  echo "| $name | $connections | $rps | $p50 | $p95 | $p99 | $errors | $non2xx | $(cpu_columns "$requests" "$wrk_ticks" "$idle_start" "$idle_end" "$run_start" "$wrk_end" "$run_end") |" | tee -a "$results"
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
# A bare YARP hop (started only now, so that it is not a bystander in the ceiling's runs) to the given destination,
# with BareYarp's extra arguments, measured at 100 and 1,000 connections, then stopped.
measure_bare_yarp() {
  local name=$1 destination=$2
  shift 2
  dotnet bench/BareYarp/bin/Release/net10.0/BareYarp.dll $bare_yarp_port "$destination" "$@" > /dev/null 2>&1 &
  bare_yarp=$!
  for _ in $(seq 1 50); do curl -s -o /dev/null "http://127.0.0.1:$bare_yarp_port/json" && break; sleep 0.2; done
  wrk -t2 -c100 -d5s "http://127.0.0.1:$bare_yarp_port/json" > /dev/null
  for connections in 100 1000; do
    measure "$name" "http://127.0.0.1:$bare_yarp_port/json" "$connections"
  done
  kill -TERM "$bare_yarp"; wait "$bare_yarp" 2>/dev/null || true
  bare_yarp=
}
measure_bare_yarp "bare YARP to bare Kestrel (proxy floor)" "http://127.0.0.1:$bare_port"
# The same hop over HTTP/2 without TLS (h2c): one connection carries many requests at once.
measure_bare_yarp "bare YARP to bare Kestrel over h2c" "http://127.0.0.1:$((bare_port + 1))" h2c
stop_bare

start_platform Caching__Enabled=false
for connections in 100 1000; do
  measure "uncached read direct to crm" "http://localhost:8008/api/leads/count" "$connections" -H "Authorization: Bearer $token"
  measure "uncached read through the gateway" "http://localhost:8001/api/brain/crm/leads/count" "$connections" -H "Authorization: Bearer $token"
  measure "uncached commerce read direct" "http://localhost:8000/api/products/count" "$connections" -H "Authorization: Bearer $token"
  measure "uncached commerce read through the gateway" "http://localhost:8001/api/brain/commerce/products/count" "$connections" -H "Authorization: Bearer $token"
done
measure "uncached read direct to one crm replica" "$(one_crm_replica)/api/leads/count" 100 -H "Authorization: Bearer $token"
stop_platform

start_platform
admin_token=$(token_for admin@bizosaas.dev)
sleep 3
read -r hits_before misses_before bypasses_before < <(cache_counts)
for connections in 100 1000; do
  measure "cached read direct to crm" "http://localhost:8008/api/leads/count" "$connections" -H "Authorization: Bearer $token"
  measure "cached read through the gateway" "http://localhost:8001/api/brain/crm/leads/count" "$connections" -H "Authorization: Bearer $token"
  measure "cached commerce read direct" "http://localhost:8000/api/products/count" "$connections" -H "Authorization: Bearer $token"
  measure "cached commerce read through the gateway" "http://localhost:8001/api/brain/commerce/products/count" "$connections" -H "Authorization: Bearer $token"
done
measure "cached read direct to one crm replica" "$(one_crm_replica)/api/leads/count" 100 -H "Authorization: Bearer $token"
sleep 3 # the services publish their counts every 2 s
read -r hits_after misses_after bypasses_after < <(cache_counts)
stop_platform

python3 - "$results" "$hits_before" "$misses_before" "$bypasses_before" "$hits_after" "$misses_after" "$bypasses_after" <<'EOF'
import sys
path = sys.argv[1]
hb, mb, bb, ha, ma, ba = map(int, sys.argv[2:])
header, rows = None, {}
for line in open(path):
    cells = [c.strip() for c in line.strip().strip('|').split('|')]
    if cells[0] == "what":
        header = cells
    elif header and len(cells) == len(header) and cells[2].replace('.', '').isdigit():
        rows[(cells[0], cells[1])] = dict(zip(header, cells))
def number(row, column):
    try:
        return float(row[column])
    except (TypeError, KeyError, ValueError):
        return None
def difference(a, b):
    return f"{a - b:.0f}" if a is not None and b is not None else "–"
out = ["", "## Ratios (gateway ÷ direct, same run)", "",
       "Added CPU: the gateway run's machine µs per request minus the direct run's. Hub beyond bare YARP: the hub's µs per request minus the bare YARP hop's at the same connections.", "",
       "| read | connections | throughput | p50 latency | p99 latency | added CPU µs/request | hub beyond bare YARP µs/request |", "|---|---|---|---|---|---|---|"]
for kind, direct, gateway in [(k, f"{k} {d}", f"{k} {g}") for k in ("uncached", "cached")
                              for d, g in (("read direct to crm", "read through the gateway"),
                                           ("commerce read direct", "commerce read through the gateway"))]:
    for conns in ("100", "1000"):
        d = rows.get((direct, conns))
        g = rows.get((gateway, conns))
        y = rows.get(("bare YARP to bare Kestrel (proxy floor)", conns))
        if d and g:
            added = difference(number(g, "machine µs"), number(d, "machine µs"))
            beyond = difference(number(g, "hub µs"), number(y, "bare YARP µs"))
            read = direct.replace(" direct to crm", "").replace(" direct", "")
            out.append(f"| {read} | {conns} | {number(g, 'req/s') / number(d, 'req/s'):.2f}× | {number(g, 'p50 ms') / number(d, 'p50 ms'):.2f}× | {number(g, 'p99 ms') / number(d, 'p99 ms'):.2f}× | {added} | {beyond} |")
hits, misses, bypasses = ha - hb, ma - mb, ba - bb
total = hits + misses + bypasses
out += ["", f"Cache over the cached runs (api_calls, every service): {hits} hits, {misses} misses, {bypasses} bypasses; hit rate {hits / total:.4f}." if total else "", ""]
open(path, "a").write("\n".join(out) + "\n")
print("\n".join(out))
EOF
echo "Results: $results"
