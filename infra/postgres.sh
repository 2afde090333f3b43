#!/usr/bin/env bash
# A private PostgreSQL 15 cluster for one profile: data, log and unix socket
# live in $DIRSYNC_STATE/postgres, TCP only on 127.0.0.1:$DIRSYNC_PG_PORT.
# Usage: postgres.sh start|stop|status
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
LOG_TAG=postgres

PG_BIN=/usr/lib/postgresql/15/bin
PG_DIR="$DIRSYNC_STATE/postgres"
PG_DATA="$PG_DIR/data"
PG_LOG="$PG_DIR/postgres.log"

# initdb and postgres refuse to run as root.
as_postgres() {
  if [[ "$(id -u)" == 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

is_running() {
  [[ -f "$PG_DATA/PG_VERSION" ]] && as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1
}

init_cluster() {
  log "initdb in $PG_DATA"
  mkdir -p "$PG_DIR"
  chown postgres:postgres "$PG_DIR" 2>/dev/null || true
  chmod 755 "$PG_DIR"
  # The superuser is reached over the unix socket (trust); its password only
  # matters for TCP, so a random one kept next to the cluster is enough.
  local pwfile="$PG_DIR/superuser.password"
  [[ -s "$pwfile" ]] || (umask 077 && openssl rand -hex 16 >"$pwfile")
  chown postgres:postgres "$pwfile" 2>/dev/null || true
  # initdb into a temporary folder so an interrupted run leaves no half cluster.
  rm -rf "$PG_DATA.tmp"
  as_postgres "$PG_BIN/initdb" -D "$PG_DATA.tmp" -U postgres --pwfile="$pwfile" \
    --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
  mv "$PG_DATA.tmp" "$PG_DATA"
}

server_options() {
  local opts="-c listen_addresses=$LISTEN_HOST -p $DIRSYNC_PG_PORT -k $PG_DIR"
  # Throwaway test clusters trade durability for speed.
  if [[ "$DIRSYNC_PROFILE" == test ]]; then
    opts+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  fi
  printf '%s' "$opts"
}

# The application's role and database; safe to run on every start.
ensure_app_database() {
  psql -X -q -v ON_ERROR_STOP=1 -h "$PG_DIR" -p "$DIRSYNC_PG_PORT" -U postgres -d postgres <<'SQL'
SELECT set_config('client_min_messages', 'warning', false);
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'dirsync') THEN
    CREATE ROLE dirsync LOGIN CREATEDB PASSWORD 'dirsync';
  END IF;
END
$$;
SELECT 'CREATE DATABASE dirsync OWNER dirsync'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'dirsync')\gexec
SQL
}

start() {
  ensure_state_dir
  if is_running; then
    log "already running on $LISTEN_HOST:$DIRSYNC_PG_PORT"
    ensure_app_database >/dev/null
    return 0
  fi
  [[ -f "$PG_DATA/PG_VERSION" ]] || init_cluster
  require_port_free "$DIRSYNC_PG_PORT" DIRSYNC_PG_PORT
  touch "$PG_LOG"
  chown postgres:postgres "$PG_LOG" 2>/dev/null || true
  if ! as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -w -t 30 \
    -o "$(server_options)" start >/dev/null; then
    tail -n 20 "$PG_LOG" >&2 || true
    die "PostgreSQL did not start; log: $PG_LOG"
  fi
  ensure_app_database >/dev/null
  log "started on $LISTEN_HOST:$DIRSYNC_PG_PORT"
}

stop() {
  if ! is_running; then
    log "not running"
    return 0
  fi
  as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w -t 60 stop >/dev/null
  log "stopped"
}

status() {
  if is_running; then
    echo "postgres: running on $LISTEN_HOST:$DIRSYNC_PG_PORT (data $PG_DATA)"
  else
    echo "postgres: stopped"
    return 3
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *)
    echo "usage: $0 start|stop|status" >&2
    exit 2
    ;;
esac
