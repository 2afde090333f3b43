#!/usr/bin/env bash
# The one command that starts everything on a fresh machine: Node 24 and the
# npm packages, the Debian packages, private PostgreSQL/RabbitMQ/slapd with
# the demo directory, and the five services. Prints where the API is.
# Stop with: bash infra/stop-demo.sh
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=infra/toolchain.sh
source infra/toolchain.sh

export DIRSYNC_PROFILE=demo
bash infra/servers.sh up
npm run -s build

state=".state/demo"
secrets="$state/services.env"
if [ ! -f "$secrets" ]; then
  # Generated once per machine, kept private: the demo's admin token and keys.
  umask 077
  {
    echo "ADMIN_TOKEN=demo-admin-$(openssl rand -hex 16)"
    echo "CONFIG_ENCRYPTION_KEYS=demo:$(openssl rand -base64 32)"
    echo "SESSION_SIGNING_KEY=$(openssl rand -base64 32)"
  } > "$secrets"
fi
# Seals the secrets that cross the broker (config-api, auth-gateway, directory-reader);
# added to an older demo's file too.
if ! grep -q '^TRANSPORT_SEALING_KEYS=' "$secrets"; then
  (umask 077 && echo "TRANSPORT_SEALING_KEYS=demo:$(openssl rand -base64 32)" >> "$secrets")
fi
set -a
# shellcheck disable=SC1090,SC1091
source "$state/servers.env"
source "$secrets"
set +a
export LOG_LEVEL="${LOG_LEVEL:-info}" AMQP_NAMESPACE=dirsync

declare -A ports=([config-api]=3000 [auth-gateway]=3001 [directory-reader]=3002 [sync-planner]=3003 [user-store]=3004)
mkdir -p "$state/logs" "$state/pids"
for service in user-store directory-reader sync-planner config-api auth-gateway; do
  pidfile="$state/pids/$service.pid"
  if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    echo "$service already running (pid $(cat "$pidfile"))" >&2
    continue
  fi
  # shellcheck disable=SC2046 # the flags are words, split on purpose
  HTTP_PORT="${ports[$service]}" setsid node --enable-source-maps $(grep -v '^#' infra/service-node-options) \
    "dist/apps/$service/src/main.js" \
    >>"$state/logs/$service.log" 2>&1 < /dev/null &
  echo $! > "$pidfile"
done

for service in user-store directory-reader sync-planner config-api auth-gateway; do
  port="${ports[$service]}"
  for _ in $(seq 1 150); do
    curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
    sleep 0.2
  done
  curl -fsS "http://127.0.0.1:$port/health" >/dev/null || {
    echo "$service did not become healthy; last log lines:" >&2
    tail -n 20 "$state/logs/$service.log" >&2
    exit 1
  }
done

cat <<MSG

dirsync is running on the demo directory (Example Corp, $(grep -c '^objectClass: posixAccount' infra/demo/demo-directory.ldif) people).
  console       http://127.0.0.1:3000/console/   (sign in with the admin token below)
  admin API     http://127.0.0.1:3000/api/v1   (Authorization: Bearer $ADMIN_TOKEN)
  sign-in       http://127.0.0.1:3001/api/v1/sessions/password
  logs          $state/logs/
  LDAP          ldap://127.0.0.1:$LDAP_PORT  (cn=admin,dc=example,dc=com / MySecretPassword)
Try the README's walk-through:  export DIRSYNC_TOKEN=$ADMIN_TOKEN
Stop everything:                bash infra/stop-demo.sh
MSG
