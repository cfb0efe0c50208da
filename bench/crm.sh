#!/usr/bin/env bash
# Measures the CRM on a big tenant, in one command:
#   1. CSV import rate: 100,000 generated leads into each of CorelDove, Bizoholic and ThrillRing (rows/s per
#      import, through POST /api/leads/import on crm, through its proxy), then the same file again (every row unchanged);
#   2. list and search latency on CorelDove's 100,000 leads with the other two tenants loaded: a filtered,
#      sorted first page, a search, and a deep keyset page (after 50,000 rows), each with wrk at 1 and 10
#      connections, caching off (every request reaches PostgreSQL), direct to crm (DCP's proxy in front of its two replicas);
#   3. EXPLAIN (ANALYZE, BUFFERS) of the list queries as the crm's runtime role under row-level security.
# Builds Release, starts the platform on the default ports (they must be free) with a throwaway data folder.
# Usage: bench/crm.sh [rows per tenant] [seconds per run]   (defaults 100000 and 10)
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-100000}
seconds=${2:-10}

eng/install-prerequisites.sh postgresql redis-server wrk
dotnet build BizOSaaS.AppHost/BizOSaaS.AppHost.csproj -c Release --nologo -v quiet -clp:NoSummary

export RateLimiting__Tiers__default__PermitsPerMinute=1000000000
export Caching__Enabled=false
data=$(mktemp -d /tmp/bizosaas-crm-bench-XXXXXX)
chmod 755 "$data"
(cd BizOSaaS.AppHost && exec dotnet bin/Release/net10.0/BizOSaaS.AppHost.dll --DataDirectory="$data") > "$data/apphost.log" 2>&1 &
apphost=$!
cleanup() { kill -TERM "$apphost" 2>/dev/null || true; wait "$apphost" 2>/dev/null || true; rm -rf "$data"; }
trap cleanup EXIT
for _ in $(seq 1 180); do grep -q "resources are running and healthy" "$data/apphost.log" && break; sleep 1; done
grep -q "resources are running and healthy" "$data/apphost.log" || { echo "error: the platform did not become healthy" >&2; tail -20 "$data/apphost.log" >&2; exit 1; }

token_for() {
  curl -s localhost:8001/connect/token -d grant_type=password -d client_id=bizosaas-cli \
    -d "username=$1" -d 'password=Passw0rd!' -d 'scope=openid profile email roles' \
    | python3 -c 'import sys, json; print(json.load(sys.stdin)["access_token"])'
}

# One file of generated leads per tenant: distinct emails, a spread of titles, industries, sizes and statuses.
generate() {
  python3 - "$1" "$2" "$3" <<'EOF'
import random, sys
path, count, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rnd = random.Random(seed)
first = ["Ada", "Grace", "Linus", "Alan", "Edsger", "Barbara", "Ken", "Margaret", "Dennis", "Frances", "John", "Mary", "Wei", "Priya", "Olu", "Sven"]
last = ["Lovelace", "Hopper", "Torvalds", "Turing", "Dijkstra", "Liskov", "Thompson", "Hamilton", "Ritchie", "Allen", "Smith", "Garcia", "Chen", "Patel", "Okafor", "Berg"]
titles = ["CEO", "Founder", "CTO", "VP of Sales", "Head of Marketing", "Director of IT", "Marketing Manager", "Engineer", "Analyst", "Consultant", "Intern", ""]
industries = ["Software", "Retail", "E-commerce", "Finance", "Healthcare", "Manufacturing", "Education", "Gaming", ""]
sources = ["website", "referral", "event", "social", "email_campaign", "advertising", "partner", "other"]
statuses = ["new", "new", "contacted", "qualified", "unqualified"]
with open(path, "w") as f:
    f.write("name,email,phone,company,job_title,industry,company_size,source,status,tags\n")
    for i in range(count):
        fn, ln = rnd.choice(first), rnd.choice(last)
        company = f"{rnd.choice(last)} {rnd.choice(['Labs', 'Group', 'Systems', 'Works', 'Partners'])} {i % 5000}"
        domain = rnd.choice(["gmail.com", "outlook.com"]) if rnd.random() < 0.3 else f"c{i % 5000}.example"
        f.write(f"{fn} {ln},{fn.lower()}.{ln.lower()}.{i}@{domain},+1 555 {rnd.randint(1000000, 9999999)},{company},{rnd.choice(titles)},"
                f"{rnd.choice(industries)},{rnd.choice([5, 20, 80, 150, 600, 2000, ''])},{rnd.choice(sources)},{rnd.choice(statuses)},"
                f"{rnd.choice(['', 'newsletter', 'webinar;vip', 'expo'])}\n")
EOF
}

mkdir -p bench/results
results=bench/results/crm-$(date -u +%Y%m%dT%H%M%SZ).md
{
  echo "# CRM on $rows leads per tenant, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, commit $(git rev-parse --short HEAD)$(git diff --quiet || echo ' (with uncommitted changes)')"
  echo
  echo "Release build, the whole platform on this machine (crm with 2 replicas behind DCP's proxy on :8008), caching off, rate limits lifted. Three tenants of $rows leads each, plus the Development demo data."
  echo
  echo "## Import (POST /api/leads/import, text/csv, one request per file)"
  echo
  echo "| tenant | run | rows | created | updated | unchanged | failed | seconds | rows/s |"
  echo "|---|---|---|---|---|---|---|---|---|"
} > "$results"

import() {
  local tenant=$1 email=$2 file=$3 run=$4 token report
  token=$(token_for "$email")
  report=$(curl -s --max-time 1800 -X POST localhost:8008/api/leads/import -H "Authorization: Bearer $token" -H 'content-type: text/csv' --data-binary "@$file")
  python3 - "$tenant" "$run" "$report" >> "$results" <<'EOF'
import json, sys
tenant, run, report = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
print(f"| {tenant} | {run} | {report['rows']:,} | {report['created']:,} | {report['updated']:,} | {report['unchanged']:,} | {report['failed']:,} | {report['seconds']:.1f} | {report['rows'] / report['seconds']:,.0f} |")
EOF
  tail -1 "$results"
}

seed=1
for pair in CorelDove:admin@coreldove.dev Bizoholic:admin@bizoholic.dev ThrillRing:admin@thrillring.dev; do
  tenant=${pair%%:*}
  generate "$data/$tenant.csv" "$rows" $seed
  seed=$((seed + 1))
  import "$tenant" "${pair#*:}" "$data/$tenant.csv" first
done
import CorelDove admin@coreldove.dev "$data/CorelDove.csv" "again (same file)"

token=$(token_for admin@coreldove.dev)
# The cursor after 50,000 rows of the score order, found by walking 100 pages of 500.
deep_cursor=$(python3 - "$token" <<'EOF'
import json, sys, urllib.request
token, cursor = sys.argv[1], None
for _ in range(100):
    url = "http://localhost:8008/api/leads?sort=score&limit=500" + (f"&cursor={cursor}" if cursor else "")
    page = json.load(urllib.request.urlopen(urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})))
    cursor = page["nextCursor"]
print(cursor)
EOF
)

{
  echo
  echo "## Lists on CorelDove (GET /api/leads, 50 a page, wrk ${seconds} s per run)"
  echo
  echo "| query | connections | req/s | p50 ms | p95 ms | p99 ms | errors | non-2xx |"
  echo "|---|---|---|---|---|---|---|---|"
} >> "$results"
measure() {
  local name=$1 url=$2 connections=$3 line
  line=$(wrk -t1 -c"$connections" -d"${seconds}s" -s bench/percentiles.lua -H "Authorization: Bearer $token" "$url" | grep '^RESULT')
  echo "| $name | $connections | $(echo "$line" | grep -Eo 'rps=[0-9.]+' | cut -d= -f2) | $(echo "$line" | grep -Eo 'p50=[0-9.]+' | cut -d= -f2) | $(echo "$line" | grep -Eo 'p95=[0-9.]+' | cut -d= -f2) | $(echo "$line" | grep -Eo 'p99=[0-9.]+' | cut -d= -f2) | $(echo "$line" | grep -Eo 'errors=[0-9]+' | cut -d= -f2) | $(echo "$line" | grep -Eo 'non2xx=[0-9]+' | cut -d= -f2) |" | tee -a "$results"
}
first_page="http://localhost:8008/api/leads?status=new,contacted&source=website&sort=score&limit=50"
search="http://localhost:8008/api/leads?q=hopper%20labs&limit=50"
deep="http://localhost:8008/api/leads?sort=score&limit=50&cursor=$deep_cursor"
# Warm the JIT and PostgreSQL's buffers first.
for url in "$first_page" "$search" "$deep"; do wrk -t1 -c10 -d5s -H "Authorization: Bearer $token" "$url" > /dev/null; done
for connections in 1 10; do
  measure "filtered (status, source), by score: first page" "$first_page" $connections
  measure "search q=\"hopper labs\" (trigram index)" "$search" $connections
  measure "by score: keyset page after 50,000 rows" "$deep" $connections
done

# The plans, as the service's own role sees the table: row-level security with CorelDove's tenant set.
password=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["crmdb-app-password"])' "$data/secrets.json")
last=$(python3 - "$deep_cursor" <<'EOF'
import base64, sys
c = sys.argv[1]; parts = base64.urlsafe_b64decode(c + "=" * (-len(c) % 4)).decode().split("\n")
print(parts[2], parts[4], parts[5])
EOF
)
read -r score ticks id <<< "$last"
created=$(python3 -c "import datetime,sys; print((datetime.datetime(1,1,1,tzinfo=datetime.timezone.utc)+datetime.timedelta(microseconds=int(sys.argv[1])//10)).isoformat())" "$ticks")
explain() {
  PGPASSWORD=$password psql -h 127.0.0.1 -p 15432 -U crmdb_app -d crmdb -X -q -c "BEGIN; CALL app_set_tenant('0b6f3a10-0000-4000-8000-00000000c01d'); EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) $1; ROLLBACK;" \
    | sed 's/^/    /'
}
{
  echo
  echo "## Plans (EXPLAIN ANALYZE as crmdb_app, CorelDove's tenant set)"
  echo
  echo "Filtered, sorted first page:"; echo
  explain "SELECT * FROM leads WHERE status IN ('new','contacted') AND source = 'website' ORDER BY score DESC, created_at DESC, id DESC LIMIT 51"
  echo; echo "Search:"; echo
  explain "SELECT * FROM leads WHERE search_text LIKE '%hopper labs%' ORDER BY created_at DESC, id DESC LIMIT 51"
  echo; echo "Deep keyset page:"; echo
  explain "SELECT * FROM leads WHERE (score, created_at, id) < ($score, '$created', '$id') ORDER BY score DESC, created_at DESC, id DESC LIMIT 51"
  echo; echo "Email lookup (duplicate check on create):"; echo
  explain "SELECT id FROM leads WHERE email_key = 'ada.lovelace.1@c1.example' LIMIT 1"
} >> "$results"
echo "Results: $results"
