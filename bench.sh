#!/usr/bin/env bash
# The benchmark (not part of ./test.sh): builds in Release and runs bench/SupportPlatform.Benchmark.
# Scenarios: ./bench.sh [sla-timers] [services] [portal] [flood]; none named runs all (about eight minutes).
# services starts a private RabbitMQ node and the five services as processes, measures them and
# stops them (about four minutes, a warm-up round included); flood floods SubmitCase from one tenant at ten times its rate limit
# beside a steady tenant (about four minutes); sla-timers measures the SLA timers over 100,000 clocks in its own
# process (about 30 s) and needs no broker. See the README's "Benchmark" section.
set -euo pipefail
cd "$(dirname "$0")"
needs_broker=1
if [ "$#" -gt 0 ] && [[ " $* " != *" services "* ]] && [[ " $* " != *" portal "* ]] && [[ " $* " != *" flood "* ]]; then needs_broker=0; fi
if [ "$needs_broker" -eq 1 ] && [ ! -x /usr/lib/rabbitmq/bin/rabbitmq-server ]; then
  # The benchmark always runs its own node (it needs no Docker engine and never uses a shared broker).
  echo "rabbitmq-server is not installed: installing it with apt."
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y rabbitmq-server
fi
exec dotnet run -c Release --project bench/SupportPlatform.Benchmark "$@"
