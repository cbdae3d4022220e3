#!/usr/bin/env bash
# Makes sure a RabbitMQ broker can be had: an external one (ConnectionStrings__messaging or
# RABBITMQ_CONNECTION_STRING), a Docker engine, or Debian's rabbitmq-server, which it installs
# with apt when none of these is there. The AppHost and the tests start their own private node
# from it; the system broker the package may start on 5672 is not used.
set -euo pipefail

if [ -n "${ConnectionStrings__messaging:-}" ] || [ -n "${RABBITMQ_CONNECTION_STRING:-}" ]; then exit 0; fi
if docker info >/dev/null 2>&1; then exit 0; fi
if [ -x /usr/lib/rabbitmq/bin/rabbitmq-server ]; then exit 0; fi

echo "No broker, no container runtime and no rabbitmq-server: installing rabbitmq-server with apt."
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
$sudo apt-get update
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y rabbitmq-server
