# Shared by bench/gateway.sh and bench/profile.sh: start the Release platform on the default ports with a fresh data
# folder, seed 200 leads for CorelDove, sign in. Source it from the repository root after the Release build.
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

# An access token from the Development CLI client for the given seeded user.
token_for() {
  curl -s localhost:8001/connect/token -d grant_type=password -d client_id=bizosaas-cli \
    -d "username=$1" -d 'password=Passw0rd!' -d 'scope=openid profile email roles' \
    | python3 -c 'import sys, json; print(json.load(sys.stdin)["access_token"])'
}

# Starts the platform with the given environment (NAME=value ...), seeds 200 leads for CorelDove, sets $token, warms
# the leads count direct and through the gateway.
start_platform() {
  data=$(mktemp -d /tmp/bizosaas-bench-XXXXXX)
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
  # Autovacuum would vacuum the table only after 1,000 inserts; a table in service has been, so its visibility map
  # lets the count read the index alone, as it would in production.
  PGPASSWORD=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["postgres-password"])' "$data/secrets.json") \
    psql -h 127.0.0.1 -p 15432 -U postgres -d crmdb -X -q -c "VACUUM (ANALYZE) leads"
  # Eight .NET processes have just started: let tiered compilation settle and warm both paths.
  sleep 20
  for url in http://localhost:8008/api/leads/count http://localhost:8001/api/brain/crm/leads/count; do
    wrk -t2 -c100 -d10s -H "Authorization: Bearer $token" "$url" > /dev/null
  done
}

# The pids listening on a TCP port.
listeners_of() { { ss -Hltnp "sport = :$1" | grep -Eo 'pid=[0-9]+' | cut -d= -f2 | sort -un; } || true; }
