#!/usr/bin/env bash
# Runs every test: unit, service (real gRPC, SQLite files, a real broker), reliability and the
# end-to-end test on the AppHost.
set -euo pipefail
cd "$(dirname "$0")"
./scripts/ensure-broker.sh
exec dotnet test SupportPlatform.sln "$@"
