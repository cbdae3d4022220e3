#!/usr/bin/env bash
# Runs the whole stack under the Aspire AppHost (dashboard on http://localhost:18888).
set -euo pipefail
cd "$(dirname "$0")"
./scripts/ensure-broker.sh
exec dotnet run --project AppHost --launch-profile http "$@"
