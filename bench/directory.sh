#!/usr/bin/env bash
# Measures the public directory search (ADR 31) on 100,000 published listings of 50 tenants in 20 cities: search with facets
# and snippets (GET /api/public/search) and autocomplete (GET /api/public/suggest) at 1 and 10 connections, with the plans
# of the search's parts as PostgreSQL runs them.
# Builds Release, starts the platform on the default ports (they must be free), the public rate limit lifted for the run.
# Usage: bench/directory.sh [listings] [seconds per run]   (defaults 100000 and 10); Caching__Enabled=false bench/directory.sh
# runs every request in PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
listings=${1:-100000}
seconds=${2:-10}

eng/install-prerequisites.sh postgresql redis-server wrk
dotnet build BizOSaaS.AppHost/BizOSaaS.AppHost.csproj -c Release --nologo -v quiet -clp:NoSummary
ulimit -n 65535 2>/dev/null || true

export RateLimiting__Tiers__public__PermitsPerMinute=1000000000
export RateLimiting__Tiers__suggest__PermitsPerMinute=1000000000
export Telemetry__Traces__SampleRatio=${TRACE_SAMPLE_RATIO:-0.01}
# Caching__Enabled=false measures everything in PostgreSQL (ADR 9's switch); by default searches are cached per minute (ADR 31).
export Caching__Enabled=${Caching__Enabled:-true}
if [ "$Caching__Enabled" = true ]; then repeated="the same request repeated (from the cache)"; else repeated="the same request repeated (caching off)"; fi
data=$(mktemp -d /tmp/bizosaas-directory-XXXXXX)
chmod 755 "$data"
(cd BizOSaaS.AppHost && exec dotnet bin/Release/net10.0/BizOSaaS.AppHost.dll --DataDirectory="$data") > "$data/apphost.log" 2>&1 &
apphost=$!
cleanup() {
  kill -TERM "$apphost" 2>/dev/null || true
  wait "$apphost" 2>/dev/null || true
  rm -rf "$data"
}
trap cleanup EXIT
for _ in $(seq 1 180); do grep -q "resources are running and healthy" "$data/apphost.log" && break; sleep 1; done
grep -q "resources are running and healthy" "$data/apphost.log" || { echo "error: the platform did not become healthy" >&2; tail -20 "$data/apphost.log" >&2; exit 1; }

directory=http://localhost:8004
postgres_password=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["postgres-password"])' "$data/secrets.json")
sql() { PGPASSWORD=$postgres_password psql -h 127.0.0.1 -p 15432 -U postgres -d directorydb -X -q -v ON_ERROR_STOP=1 "$@"; }

# The listings, written as their tenants' writes would be (the triggers build the search copy and the vocabulary), then vacuumed and analysed (as autovacuum would leave them; a run does not race it).
seed_started=$(date +%s)
sql <<SQL
CREATE TEMP TABLE vocabulary AS SELECT
  ARRAY['golden','little','old','royal','green','blue','happy','corner','urban','family','city','garden','river','sunny','silver','red','north','south','east','west'] AS adjective,
  ARRAY['oak','lion','star','rose','bridge','market','harbour','station','park','square','lantern','anchor','mill','castle','tower'] AS noun,
  ARRAY['pizza','italian','sushi','burgers','vegan','cafes','bakeries','bars','hair-salons','beauty','fitness','dentists','doctors','pharmacies','auto-repair',
        'plumbers','electricians','cleaning','hotels','florists','bookstores','clothing','groceries','lawyers','accountants','marketing','it-services','real-estate','pet-services','events'] AS category,
  ARRAY['Pizzeria','Trattoria','Sushi Bar','Burger Joint','Vegan Kitchen','Café','Bakery','Bar','Hair Studio','Beauty Spa','Gym','Dental Practice','Medical Centre','Pharmacy','Garage',
        'Plumbing','Electrics','Cleaning Co','Hotel','Flowers','Books','Boutique','Market','Law Office','Tax Advisors','Marketing','IT Services','Estates','Pet Care','Events'] AS kind,
  ARRAY['wood fired oven and fresh mozzarella','homemade pasta and regional wines','fresh fish and ramen','smash burgers and fries','plant based bowls and smoothies',
        'espresso, filter coffee and cakes','sourdough bread and croissants','craft beer and cocktails','cuts, colour and styling','massage, nails and facials',
        'strength training, yoga and boxing','check-ups, implants and whitening','general practice and vaccinations','prescriptions and advice','repairs, tyres and inspections',
        'leaks, heating and bathrooms','wiring, lighting and solar','homes and offices, weekly or once','rooms with breakfast near the centre','bouquets and wedding flowers',
        'new and used books, readings','fashion and accessories','fruit, vegetables and local produce','contracts, family and employment law','tax returns and bookkeeping',
        'SEO, social media and campaigns','computers, networks and websites','apartments to rent and buy','dog walking and grooming','weddings, parties and conferences'] AS offer,
  ARRAY['Berlin','Hamburg','Munich','Cologne','Frankfurt','Stuttgart','Leipzig','Dresden','Vienna','Zurich','Paris','Lyon','Amsterdam','Rotterdam','Madrid','Barcelona','Rome','Milan','London','Manchester'] AS city,
  ARRAY[52.52,53.55,48.14,50.94,50.11,48.78,51.34,51.05,48.21,47.37,48.86,45.76,52.37,51.92,40.42,41.39,41.90,45.46,51.51,53.48]::float8[] AS lat,
  ARRAY[13.40,9.99,11.58,6.96,8.68,9.18,12.37,13.74,16.37,8.54,2.35,4.84,4.90,4.48,-3.70,2.17,12.50,9.19,-0.13,-2.24]::float8[] AS lon,
  ARRAY['Europe/Berlin','Europe/Berlin','Europe/Berlin','Europe/Berlin','Europe/Berlin','Europe/Berlin','Europe/Berlin','Europe/Berlin','Europe/Vienna','Europe/Zurich',
        'Europe/Paris','Europe/Paris','Europe/Amsterdam','Europe/Amsterdam','Europe/Madrid','Europe/Madrid','Europe/Rome','Europe/Rome','Europe/London','Europe/London'] AS zone,
  ARRAY['[{"day":"mon","opens":"09:00","closes":"18:00"},{"day":"tue","opens":"09:00","closes":"18:00"},{"day":"wed","opens":"09:00","closes":"18:00"},{"day":"thu","opens":"09:00","closes":"18:00"},{"day":"fri","opens":"09:00","closes":"18:00"}]',
        '[{"day":"tue","opens":"11:30","closes":"23:00"},{"day":"wed","opens":"11:30","closes":"23:00"},{"day":"thu","opens":"11:30","closes":"23:00"},{"day":"fri","opens":"11:30","closes":"23:00"},{"day":"sat","opens":"11:30","closes":"23:00"},{"day":"sun","opens":"11:30","closes":"22:00"}]',
        '[{"day":"thu","opens":"18:00","closes":"02:00"},{"day":"fri","opens":"18:00","closes":"02:00"},{"day":"sat","opens":"18:00","closes":"03:00"}]',
        '[]']::jsonb[] AS hours;
-- Tenant by tenant: the search copy is written by the owner's trigger function, which reads the listing under its tenant.
DO \$\$ BEGIN FOR t IN 0..49 LOOP
PERFORM set_config('app.tenant_id', '0b6f3a10-0000-4000-8000-' || lpad(t::text, 12, '0'), true);
INSERT INTO listings (id, tenant_id, name, description, categories, tags, address, city, country, latitude, longitude, time_zone, hours, exceptions, photo_urls,
                      claimed, verified, status, rating_sum, review_count, is_demo, created_at, updated_at)
SELECT gen_random_uuid(), ('0b6f3a10-0000-4000-8000-' || lpad((i % 50)::text, 12, '0'))::uuid,
       initcap(adjective[1 + i % 20]) || ' ' || initcap(noun[1 + (i / 20) % 15]) || ' ' || kind[1 + i % 30],
       'Welcome to our ' || lower(kind[1 + i % 30]) || ' in ' || city[1 + (i / 7) % 20] || ': ' || offer[1 + i % 30] || '. ' ||
         'Family run since ' || (1950 + i % 70) || ', open to everyone, with ' || offer[1 + (i * 7) % 30] || ' on request.',
       ARRAY[category[1 + i % 30]], ARRAY[adjective[1 + (i * 3) % 20], noun[1 + (i * 5) % 15]],
       (1 + i % 200) || ' ' || initcap(noun[1 + i % 15]) || ' Street', city[1 + (i / 7) % 20], 'DE',
       lat[1 + (i / 7) % 20] + ((i * 37) % 1000 - 500) / 5000.0, lon[1 + (i / 7) % 20] + ((i * 53) % 1000 - 500) / 3000.0,
       zone[1 + (i / 7) % 20], hours[1 + i % 4], '[]', ARRAY['https://photos.example.com/' || i || '.jpg'],
       i % 3 = 0, i % 5 = 0, 'published', (i % 9) * ((i % 5) + 1), i % 9, false, now() - make_interval(secs => i), now()
FROM generate_series(1, $listings) i, vocabulary WHERE i % 50 = t;
END LOOP; END \$\$;
VACUUM (ANALYZE) listings; VACUUM (ANALYZE) listing_search; VACUUM (ANALYZE) directory_words; VACUUM (ANALYZE) directory_name_prefixes;
SQL
seed_seconds=$(( $(date +%s) - seed_started ))
published=$(sql -Atc "SELECT count(*) FROM listing_search")
words=$(sql -Atc "SELECT count(*) FROM directory_words WHERE listings > 0")

mkdir -p bench/results
results=bench/results/directory-$(date -u +%Y%m%dT%H%M%SZ).md
{
  echo "# Directory search, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, commit $(git rev-parse --short HEAD)$(git diff --quiet || echo ' (with uncommitted changes)')"
  echo
  echo "Command: \`bench/directory.sh $listings $seconds\`. Release build, on the same machine as the platform, anonymous, direct to the directory service (:8004; public rate tier counted in Redis, lifted to a billion a minute). Traces sampled at ${Telemetry__Traces__SampleRatio}. Caching: ${Caching__Enabled}."
  echo "$published published listings of 50 tenants in 20 cities in the search (seeded in $seed_seconds s through the triggers), $words words in the spelling vocabulary."
  echo
  echo "## Search (page of 20 with snippets, total, facets by category, rating band and city)"
  echo
  echo "Each search twice: every request asking about another minute (at=..., bench/distinct-minutes.lua; only searches about the present are cached), so each runs in PostgreSQL; and the same request repeated, which with caching on is answered from the cache after the first."
  echo
  echo "| query | asked as | connections | req/s | p50 ms | p95 ms | p99 ms | total | errors | non-2xx |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
} > "$results"

run() {
  local label=$1 url=$2 field_of_total=$3 distinct=${4:-}
  local total
  total=$(curl -s "$url" | python3 -c "import sys, json; d = json.load(sys.stdin); print($field_of_total)")
  wrk -t1 -c1 -d3s "$url" > /dev/null
  for connections in 1 10; do
    threads=$(( connections < 2 ? 1 : 2 ))
    field() { echo "$line" | grep -Eo "$1=[0-9.]+" | cut -d= -f2; }
    if [ -n "$distinct" ]; then
      line=$(wrk -t"$threads" -c"$connections" -d"${seconds}s" -s bench/distinct-minutes.lua "$url" | grep '^RESULT')
      echo "| $label | each request another minute (not cached: to the database) | $connections | $(field rps) | $(field p50) | $(field p95) | $(field p99) | $total | $(field errors) | $(field non2xx) |" | tee -a "$results"
    fi
    line=$(wrk -t"$threads" -c"$connections" -d"${seconds}s" -s bench/percentiles.lua "$url" | grep '^RESULT')
    echo "| $label | $repeated | $connections | $(field rps) | $(field p50) | $(field p95) | $(field p99) | $total | $(field errors) | $(field non2xx) |" | tee -a "$results"
  done
}
encode() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$1"; }

searches=("pizzeria" "vegan kitchen" "sushi berlin" "\"wood fired\" oven" "bakery -berlin" "golden star gym" "mechanic" "pizzzeria")
for q in "${searches[@]}"; do
  run "\`$q\`" "$directory/api/public/search?q=$(encode "$q")" "d['total']" distinct
done
run "\`dentist\` within 5 km of Berlin, nearest first" "$directory/api/public/search?q=dentist&lat=52.52&lon=13.40&radiusKm=5&sort=distance" "d['total']" distinct
run "\`burger\` open now, 4+ stars" "$directory/api/public/search?q=burger&openNow=true&minRating=4" "d['total']" distinct
run "\`coffee\` in Munich, category cafes" "$directory/api/public/search?q=coffee&city=Munich&category=cafes" "d['total']" distinct
run "no words (the landing page's browse: every published listing, best rated first, with facets)" "$directory/api/public/search" "d['total']" distinct

{
  echo
  echo "## Autocomplete (up to 8 categories and listing names)"
  echo
  echo "| typed | asked as | connections | req/s | p50 ms | p95 ms | p99 ms | suggestions | errors | non-2xx |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
} >> "$results"
for typed in "pi" "gold" "sushi b" "royal star h" "caf"; do
  run "\`$typed\`" "$directory/api/public/suggest?q=$(encode "$typed")" "len(d)"
done

# Uncached: prefixes of the listings' names (2 letters up to the whole name), each request another key (distinct-prefixes.lua).
export PREFIXES="$data/prefixes.txt"
sql -At -c "SELECT DISTINCT left(name, n) FROM listing_search, generate_series(2, 40) n WHERE length(name) >= n AND left(name, n) !~ '[[:space:]]\$'" > "$PREFIXES"
prefix_count=$(wc -l < "$PREFIXES")
offset=0
for connections in 1 10; do
  threads=$(( connections < 2 ? 1 : 2 ))
  OFFSET=$offset wrk -t"$threads" -c"$connections" -d3s -s bench/distinct-prefixes.lua "$directory/api/public/suggest" > /dev/null
  offset=$(( offset + 20 * prefix_count / 6 ))
  line=$(OFFSET=$offset wrk -t"$threads" -c"$connections" -d"${seconds}s" -s bench/distinct-prefixes.lua "$directory/api/public/suggest" | grep '^RESULT')
  offset=$(( offset + 20 * prefix_count / 6 ))
  field() { echo "$line" | grep -Eo "$1=[0-9.]+" | cut -d= -f2; }
  echo "| each of $prefix_count prefixes of the names (limit 1–20) | every request another key (not cached: to the database) | $connections | $(field rps) | $(field p50) | $(field p95) | $(field p99) | – | $(field errors) | $(field non2xx) |" | tee -a "$results"
done

{
  echo
  echo "## Plans"
  echo
  echo "As the database owner runs the search's parts (explain_directory_search, the planner's own choice): the words, the name prefixes of autocomplete, a place box, and the spelling vocabulary."
  for q in "vegan kitchen" "pizzzeria"; do
    echo
    echo "\`$q\`:"
    echo
    echo '```'
    sql -At -c "SELECT line FROM explain_directory_search('$q', false) AS line"
    echo '```'
  done
} >> "$results"
echo "Results: $results"
