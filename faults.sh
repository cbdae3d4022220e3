#!/usr/bin/env bash
# The fault suite (run by .ci/run after ./test.sh; about 25 minutes): for each fault in turn —
# the broker's node killed, then cases, escalation, notification and rca each killed with SIGKILL
# and started again, then two replicas of every service with the one holding the timers killed for good,
# then a node of a three-node broker cluster (quorum queues) killed — a fresh stack of processes
# (private RabbitMQ nodes, the five services, SQLite files) takes a burst of submissions (10,000
# unless --burst N; the cluster run at most 3,000) with the fault a third of the way in, and every
# effect is checked exactly once in the services' own databases. Exit code 1 when any check fails.
# ./faults.sh --burst 1000 cases   runs one fault on a smaller burst.
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -x /usr/lib/rabbitmq/bin/rabbitmq-server ]; then
  # Each run starts its own node (and kills it): never a shared broker, so Debian's package is needed.
  echo "rabbitmq-server is not installed: installing it with apt."
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y rabbitmq-server
fi
exec dotnet run -c Release --project bench/SupportPlatform.Benchmark -- faults "$@"
