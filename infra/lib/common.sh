# shellcheck shell=bash
# Shared settings for the infra/*.sh scripts; source it, do not run it.
# One place decides the profile, the state folder and the ports, so that
# `servers.sh up` and a test that runs `rabbitmq.sh stop` alone agree on them.

set -euo pipefail

INFRA_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REPO="$(cd "$INFRA_DIR/.." && pwd)"

DIRSYNC_PROFILE="${DIRSYNC_PROFILE:-demo}"
case "$DIRSYNC_PROFILE" in
  demo) _port_prefix=25 ;;
  test) _port_prefix=26 ;;
  *)
    printf 'dirsync infra: DIRSYNC_PROFILE must be "demo" or "test", not "%s"\n' "$DIRSYNC_PROFILE" >&2
    exit 2
    ;;
esac

# Two profiles side by side: demo on 25xxx, test on 26xxx; every port can be
# moved by its variable when something else already holds it. Both stay below
# 32768, where Linux takes outgoing connections' local ports from: a server
# restarted on a port in that range (the fault tests do it) can find it taken.
DIRSYNC_PG_PORT="${DIRSYNC_PG_PORT:-${_port_prefix}432}"
DIRSYNC_AMQP_PORT="${DIRSYNC_AMQP_PORT:-${_port_prefix}672}"
DIRSYNC_AMQP_DIST_PORT="${DIRSYNC_AMQP_DIST_PORT:-${_port_prefix}673}"
DIRSYNC_EPMD_PORT="${DIRSYNC_EPMD_PORT:-${_port_prefix}369}"
DIRSYNC_LDAP_PORT="${DIRSYNC_LDAP_PORT:-${_port_prefix}389}"
DIRSYNC_LDAPS_PORT="${DIRSYNC_LDAPS_PORT:-${_port_prefix}636}"
unset _port_prefix

DIRSYNC_STATE="${DIRSYNC_STATE:-$REPO/.state/$DIRSYNC_PROFILE}"
# Server configs store absolute paths; a relative override would break them.
[[ "$DIRSYNC_STATE" == /* ]] || DIRSYNC_STATE="$PWD/$DIRSYNC_STATE"

export DIRSYNC_PROFILE DIRSYNC_STATE DIRSYNC_PG_PORT DIRSYNC_AMQP_PORT \
  DIRSYNC_AMQP_DIST_PORT DIRSYNC_EPMD_PORT DIRSYNC_LDAP_PORT DIRSYNC_LDAPS_PORT

# Only ever listen here (the machines may be reachable from elsewhere).
readonly LISTEN_HOST=127.0.0.1

log() {
  printf '[dirsync %s %s] %s\n' "$DIRSYNC_PROFILE" "${LOG_TAG:-infra}" "$*" >&2
}

die() {
  log "ERROR: $*"
  exit 1
}

# The paths end up unquoted in server configs, env files and an ldapi:// URL.
[[ "$DIRSYNC_STATE" != *[[:space:]]* ]] || die "DIRSYNC_STATE must not contain spaces: '$DIRSYNC_STATE'"

# Creates the state folder. PostgreSQL runs as the `postgres` user, so the
# folder and every parent must be traversable by it; parents we did not create
# only get o+x (enough to traverse, nothing listed), folders we own get 755.
ensure_state_dir() {
  mkdir -p "$DIRSYNC_STATE"
  chmod 755 "$DIRSYNC_STATE"
  if [[ "$DIRSYNC_STATE" == "$REPO/.state/"* ]]; then
    chmod 755 "$REPO/.state"
    # Ignored even in a checkout whose .gitignore lacks `.state/`.
    [[ -f "$REPO/.state/.gitignore" ]] || printf '*\n' >"$REPO/.state/.gitignore"
  fi
  id postgres >/dev/null 2>&1 || return 0
  local dir="$DIRSYNC_STATE"
  while [[ "$dir" != / ]]; do
    dir="$(dirname "$dir")"
    if ! runuser -u postgres -- test -x "$dir" 2>/dev/null; then
      log "making $dir traversable for the postgres user (chmod o+x)"
      chmod o+x "$dir"
    fi
  done
}

# True when something listens on the TCP port (on any address).
port_in_use() {
  local port="$1"
  if command -v ss >/dev/null 2>&1; then
    [[ -n "$(ss -Hltn "sport = :$port" 2>/dev/null)" ]]
  else
    (exec 3<>"/dev/tcp/$LISTEN_HOST/$port") 2>/dev/null
  fi
}

# Call only once we know our own server is not running: whoever holds the
# port then is somebody else, and starting would fail with a worse message.
require_port_free() {
  local port="$1" var="$2" who=""
  port_in_use "$port" || return 0
  if command -v ss >/dev/null 2>&1; then
    who="$(ss -Hltnp "sport = :$port" 2>/dev/null | grep -o 'users:(([^)]*))' | head -n 1 || true)"
  fi
  die "port $port ($var) is already in use by another process${who:+ $who}, not by the server of $DIRSYNC_STATE. Stop that process or choose another port, e.g. $var=$((port + 100)), and use it for every infra command of this profile."
}

# Waits until host:port accepts TCP connections; fails after the timeout.
wait_for_port() {
  local host="$1" port="$2" timeout_s="${3:-30}"
  local deadline=$((SECONDS + timeout_s))
  until (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; do
    ((SECONDS < deadline)) || return 1
    sleep 0.05
  done
}

# Pid from a pid file when that process is alive and its command line
# contains the expected program name (pid files outlive reboots and kills).
live_pid() {
  local pidfile="$1" name="$2" pid
  [[ -s "$pidfile" ]] || return 1
  pid="$(tr -dc '0-9' <"$pidfile")"
  [[ -n "$pid" ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "$name" || return 1
  printf '%s\n' "$pid"
}

# Waits until a pid is gone; fails after the timeout.
wait_pid_gone() {
  local pid="$1" timeout_s="${2:-30}"
  local deadline=$((SECONDS + timeout_s))
  while kill -0 "$pid" 2>/dev/null; do
    ((SECONDS < deadline)) || return 1
    sleep 0.05
  done
}
