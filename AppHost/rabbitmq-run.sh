#!/usr/bin/env bash
# Runs one private RabbitMQ node for the Aspire AppHost: own HOME (Erlang cookie), node name,
# ports, epmd, config and data folder. It keeps the node up: a node that dies is started again on
# the same ports. DCP stops this script with SIGTERM; the script then stops the node and kills
# the private epmd (which epmd -daemon would leave behind).
set -euo pipefail

: "${RABBITMQ_NODE_PORT:?}" "${ERL_EPMD_PORT:?}" "${RABBITMQ_DIST_PORT:?}"
: "${RMQ_INSTANCE:?}" "${RMQ_DATA_ROOT:?}" "${RMQ_DEFAULT_USER:?}" "${RMQ_DEFAULT_PASS:?}"
RABBITMQ_SERVER="${RABBITMQ_SERVER:-/usr/lib/rabbitmq/bin/rabbitmq-server}"
EPMD="$(command -v epmd || echo /usr/lib/erlang/bin/epmd)"

inst="$RMQ_DATA_ROOT/$RMQ_INSTANCE"
mkdir -p "$inst/home" "$inst/mnesia" "$inst/log"
: > "$inst/rabbitmq-env.conf"
[ -f "$inst/enabled_plugins" ] || echo '[].' > "$inst/enabled_plugins"
# default_user/default_pass only seed a fresh database: wipe it when the credentials changed.
cred="$(printf '%s:%s' "$RMQ_DEFAULT_USER" "$RMQ_DEFAULT_PASS" | sha256sum | cut -d' ' -f1)"
if [ -f "$inst/credentials.sha256" ] && [ "$(cat "$inst/credentials.sha256")" != "$cred" ]; then
  rm -rf "$inst/mnesia"; mkdir -p "$inst/mnesia"
fi
echo "$cred" > "$inst/credentials.sha256"
cat > "$inst/rabbitmq.conf" <<CONF
listeners.tcp.default = 127.0.0.1:$RABBITMQ_NODE_PORT
default_user = $RMQ_DEFAULT_USER
default_pass = $RMQ_DEFAULT_PASS
loopback_users = none
CONF
# A cluster (optional): RMQ_CLUSTER_NODES names every node ("a@localhost b@localhost c@localhost"),
# all sharing ERL_EPMD_PORT and the Erlang cookie RMQ_ERLANG_COOKIE. A node joins the nodes of
# the list that are up when it first starts (start the first alone, then the others), and a
# restarted node rejoins by itself: its data folder remembers the cluster.
if [ -n "${RMQ_CLUSTER_NODES:-}" ]; then
  echo "cluster_formation.peer_discovery_backend = rabbit_peer_discovery_classic_config" >> "$inst/rabbitmq.conf"
  n=0
  for node in $RMQ_CLUSTER_NODES; do
    n=$((n + 1))
    echo "cluster_formation.classic_config.nodes.$n = $node" >> "$inst/rabbitmq.conf"
  done
fi
if [ -n "${RMQ_ERLANG_COOKIE:-}" ]; then
  rm -f "$inst/home/.erlang.cookie"
  printf '%s' "$RMQ_ERLANG_COOKIE" > "$inst/home/.erlang.cookie"
  chmod 400 "$inst/home/.erlang.cookie"
fi

export HOME="$inst/home"
export RABBITMQ_NODENAME="$RMQ_INSTANCE@localhost"
export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
export RABBITMQ_NODE_PORT RABBITMQ_DIST_PORT ERL_EPMD_PORT
export ERL_EPMD_ADDRESS=127.0.0.1
export RABBITMQ_CONF_ENV_FILE="$inst/rabbitmq-env.conf"
export RABBITMQ_CONFIG_FILE="$inst/rabbitmq.conf"
export RABBITMQ_ENABLED_PLUGINS_FILE="$inst/enabled_plugins"
export RABBITMQ_MNESIA_BASE="$inst/mnesia"
export RABBITMQ_LOG_BASE="$inst/log"
export RABBITMQ_LOGS=-
# Erlang distribution listens on all interfaces unless told otherwise.
export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"

say() { echo "rabbitmq-run: $*"; echo "$(date -u +%FT%T.%3NZ) [$$] $*" >> "$RMQ_DATA_ROOT/rabbitmq-run.log"; }

cleanup() {
  # epmd refuses -kill while a node is still registered: retry for a few seconds.
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    "$EPMD" -port "$ERL_EPMD_PORT" -kill >/dev/null 2>&1 || true
    "$EPMD" -port "$ERL_EPMD_PORT" -names >/dev/null 2>&1 || break
    sleep 0.5
  done
  if [ "${RMQ_EPHEMERAL:-false}" = "true" ]; then rm -rf "$inst"; fi
  if "$EPMD" -port "$ERL_EPMD_PORT" -names >/dev/null 2>&1; then
    say "node $RABBITMQ_NODENAME stopped, but epmd on $ERL_EPMD_PORT is still running"
  else
    say "node $RABBITMQ_NODENAME stopped, epmd on $ERL_EPMD_PORT killed"
  fi
}
trap cleanup EXIT

# Nodes of one cluster share the epmd: the first starts it, the others find it running.
"$EPMD" -port "$ERL_EPMD_PORT" -address 127.0.0.1 -daemon
say "starting node $RABBITMQ_NODENAME amqp=127.0.0.1:$RABBITMQ_NODE_PORT dist=$RABBITMQ_DIST_PORT epmd=$ERL_EPMD_PORT data=$inst"

# rabbitmq-server itself traps TERM/INT and stops erl; forward the signal and wait for it.
# A node that ends without being asked after it had run for 15 s (killed, crashed) is started
# again on the same ports and data after RMQ_RESTART_DELAY seconds (1 by default), so the AppHost's proxied endpoint (5673 in development)
# answers again and the services reconnect by themselves. A node that ends sooner failed to start
# (a port taken, a bad configuration): the script ends too, with its exit code, as it always did.
stopping=false
server=""
trap 'stopping=true; say "signal received, stopping node"; [ -n "$server" ] && kill -TERM "$server" 2>/dev/null || true' TERM INT
set +e
while true; do
  started=$SECONDS
  "$RABBITMQ_SERVER" &
  server=$!
  wait "$server"; rc=$?
  while kill -0 "$server" 2>/dev/null; do wait "$server"; rc=$?; done
  if $stopping || [ $((SECONDS - started)) -lt 15 ]; then exit "$rc"; fi
  say "node $RABBITMQ_NODENAME ended by itself (exit $rc) after $((SECONDS - started)) s; starting it again in ${RMQ_RESTART_DELAY:-1} s on amqp=127.0.0.1:$RABBITMQ_NODE_PORT"
  sleep "${RMQ_RESTART_DELAY:-1}" & wait $!
  if $stopping; then exit "$rc"; fi
done
