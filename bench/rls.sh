#!/usr/bin/env bash
# Measures what forced row-level security with the tenant set per transaction (ADR 5) costs a query:
# the platform's way (policy + CALL app_set_tenant in the same round trip) against the same query on the
# same data with no policy and an explicit WHERE tenant_id. Uses a throwaway PostgreSQL cluster.
# Usage: bench/rls.sh [rows per tenant] [seconds per case]   (defaults 100000 and 10)
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-100000}
seconds=${2:-10}

eng/install-prerequisites.sh postgresql
dotnet build bench/RlsOverhead/RlsOverhead.csproj -c Release --nologo -v quiet -clp:NoSummary

pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
data=$(mktemp -d /tmp/bizosaas-rls-XXXXXX)
chmod 755 "$data"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# PostgreSQL refuses to run as root.
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" -eq 0 ] && chown postgres "$data"
as_postgres "$pgbin/initdb" -D "$data/pg" -A trust -U postgres >/dev/null
as_postgres "$pgbin/pg_ctl" -D "$data/pg" -l "$data/pg.log" -w \
  -o "-p $port -k $data -c listen_addresses=127.0.0.1 -c shared_buffers=256MB -c max_connections=100" start >/dev/null
trap 'as_postgres "$pgbin/pg_ctl" -D "$data/pg" -m fast stop >/dev/null 2>&1 || true; rm -rf "$data"' EXIT

mkdir -p bench/results
results=bench/results/rls-$(date -u +%Y%m%dT%H%M%SZ).md
dotnet bench/RlsOverhead/bin/Release/net10.0/RlsOverhead.dll \
  "Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres" "$results" "$rows" "$seconds"
echo "commit $(git rev-parse --short HEAD)$(git diff --quiet || echo ' (with uncommitted changes)')" >> "$results"
