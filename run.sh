#!/usr/bin/env bash
# Runs the whole stack under the Aspire AppHost. On a machine with neither a container runtime nor
# rabbitmq-server, installs rabbitmq-server with apt first (the AppHost then starts a private node).
set -euo pipefail
cd "$(dirname "$0")"

if ! docker info >/dev/null 2>&1 && [ ! -x /usr/lib/rabbitmq/bin/rabbitmq-server ] && [ -z "${ConnectionStrings__messaging:-}" ]; then
  echo "No container runtime and no rabbitmq-server: installing rabbitmq-server with apt."
  if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update
  $sudo apt-get install -y rabbitmq-server
fi

exec dotnet run --project AppHost --launch-profile http "$@"
