#!/usr/bin/env bash
# Starts the whole platform with the .NET Aspire AppHost: PostgreSQL and Redis (Debian's servers), the migration runs
# and the six services, with the Aspire dashboard on :18888 (its login link is printed below).
# Installs postgresql and redis-server from Debian's packages when missing. Ctrl+C stops everything.
# Extra arguments go to the AppHost, e.g. ./start.sh --Ports:hub=9001 --DataDirectory=/srv/bizosaas
set -euo pipefail
cd "$(dirname "$0")"

eng/install-prerequisites.sh postgresql redis-server

dotnet build BizOSaaS.AppHost/BizOSaaS.AppHost.csproj --nologo -v quiet -clp:NoSummary
# From the AppHost's folder, which holds its appsettings.json (dashboard addresses); exec'd, so Ctrl+C and SIGTERM
# reach the AppHost itself, which stops every process it started.
cd BizOSaaS.AppHost
exec dotnet bin/Debug/net10.0/BizOSaaS.AppHost.dll "$@"
