#!/usr/bin/env bash
# Measures the store: checkouts completed per second with every buyer on one hot variant and with buyers spread over
# 50 variants (bench/CheckoutLoad: checkouts prepared first, then completed with 1, 10 and 50 in flight), and product
# search (GET /api/products?q=) on 50,000 products of one tenant under row-level security at 1 and 10 connections,
# with the plans of the search as its function runs them.
# Builds Release, starts the platform on the default ports (they must be free), rate limits lifted for the run.
# Usage: bench/commerce.sh [checkouts per run] [seconds per search run]   (defaults 1000 and 10)
set -euo pipefail
cd "$(dirname "$0")/.."
checkouts=${1:-1000}
seconds=${2:-10}

eng/install-prerequisites.sh postgresql redis-server wrk
dotnet build BizOSaaS.AppHost/BizOSaaS.AppHost.csproj -c Release --nologo -v quiet -clp:NoSummary
dotnet build bench/CheckoutLoad/CheckoutLoad.csproj -c Release --nologo -v quiet -clp:NoSummary
ulimit -n 65535 2>/dev/null || true

export RateLimiting__Tiers__default__PermitsPerMinute=1000000000
export Telemetry__Traces__SampleRatio=${TRACE_SAMPLE_RATIO:-0.01}
data=$(mktemp -d /tmp/bizosaas-commerce-XXXXXX)
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

coreldove=0b6f3a10-0000-4000-8000-00000000c01d
token=$(curl -s localhost:8001/connect/token -d grant_type=password -d client_id=bizosaas-cli \
  -d username=admin@coreldove.dev -d 'password=Passw0rd!' -d 'scope=openid profile email roles' \
  | python3 -c 'import sys, json; print(json.load(sys.stdin)["access_token"])')
store=http://localhost:8000
post() { curl -sf "$store$1" -H "Authorization: Bearer $token" -H 'content-type: application/json' -d "$2"; }
id_of() { python3 -c 'import sys, json; print(json.load(sys.stdin)["id"])'; }

# The catalogue the buyers buy from: one hot variant with plenty of stock, and 50 variants for the spread runs.
warehouse=$(post /api/warehouses '{"name":"Bench depot"}' | id_of)
shipping=$(post /api/shipping-methods '{"name":"Bench post","price":3.5}' | id_of)
stock_of() { post /api/stock/changes "{\"variantId\":\"$1\",\"warehouseId\":\"$warehouse\",\"change\":$2,\"reason\":\"restock\"}" > /dev/null; }
variant_of() { python3 -c 'import sys, json; print(json.load(sys.stdin)["variants"][0]["id"])'; }
hot=$(post /api/products '{"name":"Hot bench item","variants":[{"sku":"BENCH-HOT","price":19.9}]}' | variant_of)
stock_of "$hot" 1000000
spread=()
for i in $(seq 1 50); do
  variant=$(post /api/products "{\"name\":\"Spread bench item $i\",\"variants\":[{\"sku\":\"BENCH-S$i\",\"price\":9.9}]}" | variant_of)
  stock_of "$variant" 100000
  spread+=("$variant")
done
spread_list=$(IFS=,; echo "${spread[*]}")

mkdir -p bench/results
results=bench/results/commerce-$(date -u +%Y%m%dT%H%M%SZ).md
{
  echo "# Store: checkouts and search, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, commit $(git rev-parse --short HEAD)$(git diff --quiet || echo ' (with uncommitted changes)')"
  echo
  echo "Command: \`bench/commerce.sh $checkouts $seconds\`. Release build, on the same machine as the platform, direct to commerce (:8000; token validation, rate limit, row-level security). Traces sampled at ${Telemetry__Traces__SampleRatio}."
  echo
  echo "## Checkouts"
  echo
  echo "$checkouts checkouts per run (one line, quantity 1, a shipping method, a new buyer each), prepared first, then completed with the given number in flight: each completion locks its checkout, the variant's stock rows, allocates, writes the order, its line, the allocation and the stock movement, in one transaction (ADR 26)."
  echo
  echo "| buyers on | in flight | completions/s | p50 ms | p95 ms | p99 ms | created | refused | other |"
  echo "|---|---|---|---|---|---|---|---|---|"
} > "$results"

# Warm-up: both paths, until tiered compilation has settled.
for plan in "$hot" "$spread_list" "$hot" "$spread_list"; do
  dotnet bench/CheckoutLoad/bin/Release/net10.0/CheckoutLoad.dll "$store" "$token" 200 10 "$shipping" "$plan" > /dev/null
done
for concurrency in 1 10 50; do
  for plan in "one hot variant:$hot" "50 variants:$spread_list"; do
    line=$(dotnet bench/CheckoutLoad/bin/Release/net10.0/CheckoutLoad.dll "$store" "$token" "$checkouts" "$concurrency" "$shipping" "${plan#*:}")
    python3 - "$line" "${plan%%:*}" "$concurrency" <<'PY' | tee -a "$results"
import json, sys
r = json.loads(sys.argv[1])
print(f"| {sys.argv[2]} | {sys.argv[3]} | {r['perSecond']} | {r['p50']} | {r['p95']} | {r['p99']} | {r['created']} | {r['refused']} | {r['other']} |")
PY
  done
done

# 50,000 products for CorelDove, written as the owner would (the search triggers build their documents), then analysed.
postgres_password=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["postgres-password"])' "$data/secrets.json")
seed_started=$(date +%s)
PGPASSWORD=$postgres_password psql -h 127.0.0.1 -p 15432 -U postgres -d commercedb -X -q -v ON_ERROR_STOP=1 <<SQL
SET app.tenant_id = '$coreldove';
CREATE TEMP TABLE vocabulary AS SELECT
  ARRAY['organic','vintage','classic','slim','oversized','handmade','recycled','premium','everyday','travel','heritage','modern','rustic','urban','coastal','alpine','nordic','tropical','minimal','bold'] AS adjective,
  ARRAY['cotton','linen','wool','merino','leather','canvas','denim','silk','bamboo','hemp','stoneware','ceramic','oak','walnut','steel'] AS material,
  ARRAY['tee','shirt','hoodie','jacket','scarf','beanie','tote','backpack','wallet','belt','mug','bowl','plate','candle','towel','blanket','cushion','lamp','vase','notebook','socks','sneakers','cap','gloves','apron'] AS item;
INSERT INTO products (id, tenant_id, name, description, is_published, image_urls, is_demo, created_at, updated_at)
SELECT gen_random_uuid(), '$coreldove',
       initcap(adjective[1 + i % 20] || ' ' || material[1 + (i / 20) % 15] || ' ' || item[1 + (i / 300) % 25]) || ' ' || i,
       'A ' || adjective[1 + (i * 7) % 20] || ' piece in ' || material[1 + (i * 3) % 15] || ', made to last. Pairs well with a ' || item[1 + (i * 11) % 25] || '.',
       true, '{}', false, now() - make_interval(secs => i), now()
FROM generate_series(1, 50000) i, vocabulary;
INSERT INTO product_variants (id, tenant_id, product_id, sku, name, price, track_inventory, created_at)
SELECT gen_random_uuid(), tenant_id, id, 'SEED-' || substr(replace(id::text, '-', ''), 1, 12), 'Default', 10 + (random() * 90)::int, false, created_at
FROM products WHERE name ~ ' [0-9]+$' AND NOT is_demo AND id NOT IN (SELECT product_id FROM product_variants);
ANALYZE products; ANALYZE product_variants; ANALYZE product_search;
SQL
seed_seconds=$(( $(date +%s) - seed_started ))
documents=$(PGPASSWORD=$postgres_password psql -h 127.0.0.1 -p 15432 -U postgres -d commercedb -X -Atc "SELECT count(*) FROM product_search WHERE tenant_id = '$coreldove'")

{
  echo
  echo "## Search"
  echo
  echo "$documents products of CorelDove in the search (50,000 seeded in $seed_seconds s through the triggers). GET /api/products?q=…&limit=20: the search function (its tenant-led GIN index, ADR 27), then the 20 products with their variants and stock, under row-level security. wrk ${seconds} s per run."
  echo
  echo "| query | connections | req/s | p50 ms | p95 ms | p99 ms | results | errors | non-2xx |"
  echo "|---|---|---|---|---|---|---|---|---|"
} >> "$results"

queries=("cotton" "organic tee" "walnut lamp" "\"slim denim\"" "wool -scarf" "merino or cashmere" "stonewre mugg")
for q in "${queries[@]}"; do
  encoded=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$q")
  url="$store/api/products?limit=20&q=$encoded"
  hits=$(curl -s "$url" -H "Authorization: Bearer $token" | python3 -c 'import sys, json; print(len(json.load(sys.stdin)))')
  wrk -t1 -c1 -d3s -H "Authorization: Bearer $token" "$url" > /dev/null
  for connections in 1 10; do
    threads=$(( connections < 2 ? 1 : 2 ))
    line=$(wrk -t"$threads" -c"$connections" -d"${seconds}s" -s bench/percentiles.lua -H "Authorization: Bearer $token" "$url" | grep '^RESULT')
    field() { echo "$line" | grep -Eo "$1=[0-9.]+" | cut -d= -f2; }
    echo "| \`$q\` | $connections | $(field rps) | $(field p50) | $(field p95) | $(field p99) | $hits | $(field errors) | $(field non2xx) |" | tee -a "$results"
  done
done

{
  echo
  echo "## Plans"
  echo
  echo "As the search function runs them (explain_product_search, the planner's own choice), for \`organic tee\` and the typo \`stonewre mugg\`:"
  for q in "organic tee" "stonewre mugg"; do
    encoded=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$q")
    echo
    echo '```'
    curl -s "$store/api/products/search-plan?q=$encoded" -H "Authorization: Bearer $token" | python3 -c 'import sys, json; print("\n".join(json.load(sys.stdin)))'
    echo '```'
  done
} >> "$results"
echo "Results: $results"
