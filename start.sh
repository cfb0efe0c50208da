#!/usr/bin/env bash
# Starts the whole platform: PostgreSQL, Redis and the six services, with the dashboard on :18888.
# Installs postgresql and redis-server from Debian's packages when missing. Ctrl+C stops everything.
# Extra arguments go to the AppHost, e.g. ./start.sh --Ports:hub=9001 --DataDirectory=/srv/bizosaas
set -euo pipefail
cd "$(dirname "$0")"

eng/install-prerequisites.sh postgresql redis-server

dotnet build BizOSaaS.AppHost/BizOSaaS.AppHost.csproj --nologo -v quiet -clp:NoSummary
# Run the built output directly, so Ctrl+C and SIGTERM reach the AppHost itself.
exec dotnet BizOSaaS.AppHost/bin/Debug/net10.0/BizOSaaS.AppHost.dll "$@"
