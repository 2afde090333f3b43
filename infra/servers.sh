#!/usr/bin/env bash
# All local servers of one profile (DIRSYNC_PROFILE=demo|test): PostgreSQL,
# RabbitMQ and slapd, private to this checkout and on 127.0.0.1 only; in the
# test profile also a Samba Active Directory DC (infra/samba-ad.sh: its ports
# are fixed, so one per machine).
#   up      install missing packages, start what is not running, write
#           $DIRSYNC_STATE/servers.env (a second `up` changes nothing)
#   down    stop them all
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
  if with_ad; then bash "$INFRA_DIR/samba-ad.sh" env >>"$ENV_FILE.tmp"; fi
  mv "$ENV_FILE.tmp" "$ENV_FILE"
}

# The Active Directory DC belongs to the test profile: the tests need it, and
# its fixed ports allow only one per machine. DIRSYNC_WITH_AD=0 leaves it out
# (a second checkout testing beside the first, on moved ports; the
# Active Directory tests then cannot run there).
with_ad() {
  [[ "$DIRSYNC_PROFILE" == test && "${DIRSYNC_WITH_AD:-1}" != 0 ]]
}

up() {
  local started_us="${EPOCHREALTIME/./}" rabbit_pid ad_pid="" elapsed_ms
  bash "$INFRA_DIR/install-packages.sh"
  ensure_state_dir
  # RabbitMQ needs ~6 s to boot and Samba ~2 s (plus ~10 s to provision and
  # load on first use); the others start meanwhile.
  bash "$INFRA_DIR/rabbitmq.sh" start &
  rabbit_pid=$!
  if with_ad; then
    bash "$INFRA_DIR/samba-ad.sh" start &
    ad_pid=$!
  fi
  bash "$INFRA_DIR/postgres.sh" start
  bash "$INFRA_DIR/slapd.sh" start
  wait "$rabbit_pid" || die "RabbitMQ failed to start (see above)"
  if [[ -n "$ad_pid" ]]; then
    wait "$ad_pid" || die "the Samba AD DC failed to start (see above)"
  fi
  write_env_file
  elapsed_ms=$(((${EPOCHREALTIME/./} - started_us) / 1000))
  cat <<SUMMARY
dirsync servers ($DIRSYNC_PROFILE) are up ($((elapsed_ms / 1000)).$((elapsed_ms % 1000 / 100)) s):
  PostgreSQL  $LISTEN_HOST:$DIRSYNC_PG_PORT   database/user/password dirsync
  RabbitMQ    $LISTEN_HOST:$DIRSYNC_AMQP_PORT   user/password dirsync; ctl: $DIRSYNC_STATE/rabbitmqctl
  OpenLDAP    ldap://$LISTEN_HOST:$DIRSYNC_LDAP_PORT (StartTLS) ldaps://$LISTEN_HOST:$DIRSYNC_LDAPS_PORT
              admin cn=admin,dc=example,dc=com / MySecretPassword, people's password demo-password
SUMMARY
  if with_ad; then
    cat <<SUMMARY
  Samba AD    ldap://$LISTEN_HOST:389 ldaps://$LISTEN_HOST:636   DC=example,DC=com
              Administrator@example.com / MySecretPassword (infra/samba-ad/README.md)
SUMMARY
  fi
  echo "  env file    $ENV_FILE"
}

down() {
  local rabbit_pid failed=0
  bash "$INFRA_DIR/rabbitmq.sh" stop &
  rabbit_pid=$!
  bash "$INFRA_DIR/slapd.sh" stop || failed=1
  bash "$INFRA_DIR/postgres.sh" stop || failed=1
  # Also in the demo profile: stops a DC only if this profile started one.
  bash "$INFRA_DIR/samba-ad.sh" stop || failed=1
  wait "$rabbit_pid" || failed=1
  ((failed == 0)) || die "some servers did not stop (see above)"
}

status() {
  local rc=0
  bash "$INFRA_DIR/postgres.sh" status || rc=3
  bash "$INFRA_DIR/rabbitmq.sh" status || rc=3
  bash "$INFRA_DIR/slapd.sh" status || rc=3
  if with_ad; then bash "$INFRA_DIR/samba-ad.sh" status || rc=3; fi
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
