#!/usr/bin/env bash
# All local servers of one profile (DIRSYNC_PROFILE=demo|test): PostgreSQL,
# RabbitMQ and slapd, private to this checkout and on 127.0.0.1 only.
#   up      install missing packages, start what is not running, write
#           $DIRSYNC_STATE/servers.env (a second `up` changes nothing)
#   down    stop all three
#   status  one line per server; exit 3 when any is stopped
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
LOG_TAG=servers

ENV_FILE="$DIRSYNC_STATE/servers.env"

# KEY=value lines, no quotes: both `source` (bash) and dotenv parsers read them.
write_env_file() {
  cat >"$ENV_FILE.tmp" <<ENV
DIRSYNC_PROFILE=$DIRSYNC_PROFILE
DIRSYNC_STATE=$DIRSYNC_STATE
DATABASE_URL=postgres://dirsync:dirsync@$LISTEN_HOST:$DIRSYNC_PG_PORT/dirsync
PG_PORT=$DIRSYNC_PG_PORT
AMQP_URL=amqp://dirsync:dirsync@$LISTEN_HOST:$DIRSYNC_AMQP_PORT
AMQP_PORT=$DIRSYNC_AMQP_PORT
RABBITMQ_CTL=$DIRSYNC_STATE/rabbitmqctl
LDAP_URL=ldap://$LISTEN_HOST:$DIRSYNC_LDAP_PORT
LDAPS_URL=ldaps://$LISTEN_HOST:$DIRSYNC_LDAPS_PORT
LDAP_HOST=$LISTEN_HOST
LDAP_PORT=$DIRSYNC_LDAP_PORT
LDAPS_PORT=$DIRSYNC_LDAPS_PORT
LDAP_CA_FILE=$DIRSYNC_STATE/tls/ca.pem
LDAP_BIND_DN=cn=admin,dc=example,dc=com
LDAP_BIND_PASSWORD=MySecretPassword
LDAP_BASE_DN=dc=example,dc=com
ENV
  mv "$ENV_FILE.tmp" "$ENV_FILE"
}

up() {
  local started_us="${EPOCHREALTIME/./}" rabbit_pid elapsed_ms
  bash "$INFRA_DIR/install-packages.sh"
  ensure_state_dir
  # RabbitMQ needs ~6 s to boot; the other two start meanwhile.
  bash "$INFRA_DIR/rabbitmq.sh" start &
  rabbit_pid=$!
  bash "$INFRA_DIR/postgres.sh" start
  bash "$INFRA_DIR/slapd.sh" start
  wait "$rabbit_pid" || die "RabbitMQ failed to start (see above)"
  write_env_file
  elapsed_ms=$(((${EPOCHREALTIME/./} - started_us) / 1000))
  cat <<SUMMARY
dirsync servers ($DIRSYNC_PROFILE) are up ($((elapsed_ms / 1000)).$((elapsed_ms % 1000 / 100)) s):
  PostgreSQL  $LISTEN_HOST:$DIRSYNC_PG_PORT   database/user/password dirsync
  RabbitMQ    $LISTEN_HOST:$DIRSYNC_AMQP_PORT   user/password dirsync; ctl: $DIRSYNC_STATE/rabbitmqctl
  OpenLDAP    ldap://$LISTEN_HOST:$DIRSYNC_LDAP_PORT (StartTLS) ldaps://$LISTEN_HOST:$DIRSYNC_LDAPS_PORT
              admin cn=admin,dc=example,dc=com / MySecretPassword, people's password demo-password
  env file    $ENV_FILE
SUMMARY
}

down() {
  local rabbit_pid failed=0
  bash "$INFRA_DIR/rabbitmq.sh" stop &
  rabbit_pid=$!
  bash "$INFRA_DIR/slapd.sh" stop || failed=1
  bash "$INFRA_DIR/postgres.sh" stop || failed=1
  wait "$rabbit_pid" || failed=1
  ((failed == 0)) || die "some servers did not stop (see above)"
}

status() {
  local rc=0
  bash "$INFRA_DIR/postgres.sh" status || rc=3
  bash "$INFRA_DIR/rabbitmq.sh" status || rc=3
  bash "$INFRA_DIR/slapd.sh" status || rc=3
  return "$rc"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  *)
    echo "usage: $0 up|down|status   (DIRSYNC_PROFILE=demo|test)" >&2
    exit 2
    ;;
esac
