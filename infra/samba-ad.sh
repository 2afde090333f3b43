#!/usr/bin/env bash
# A Samba 4.17 Active Directory domain controller for the tests: domain
# EXAMPLE (realm EXAMPLE.COM, DC=example,DC=com), loaded with
# infra/samba-ad/ad-fixture.ldif (see infra/samba-ad/README.md), LDAP only,
# on 127.0.0.1 only. Everything lives in $DIRSYNC_STATE/samba-ad.
# Usage: samba-ad.sh start|stop|status
#
# ONE DC PER MACHINE: Samba's LDAP ports are fixed (389, 636, 3268, 3269) and
# cannot be moved like the other servers' ports. `servers.sh up` starts it in
# the test profile only; a second profile or checkout that asks for one while
# another runs gets an error naming the running one (use that one, or stop it).
#
# `start` provisions the domain (~5 s) and loads the fixture offline with
# ldbmodify on first use, or when the fixture or the provisioning options
# changed; later starts reuse it (~1 s). A second `start` changes nothing.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
LOG_TAG=samba-ad

AD_DIR="$DIRSYNC_STATE/samba-ad"
SMB_CONF="$AD_DIR/etc/smb.conf"
PIDFILE="$AD_DIR/run/samba.pid"
SAMBA_LOG="$AD_DIR/log/samba.out"
READY_MARK="$AD_DIR/provisioned.sha256"
FIXTURE="$INFRA_DIR/samba-ad/ad-fixture.ldif"
REALM=EXAMPLE.COM
DOMAIN=EXAMPLE
BASE_DN="DC=example,DC=com"
# The seed's Active Directory sample: Administrator@example.com / MySecretPassword.
# That password fails AD's complexity rule, so provisioning uses another one
# and the fixture (which turns complexity off) sets this one.
ADMIN_UPN="Administrator@example.com"
ADMIN_PASSWORD="MySecretPassword"
PROVISION_PASSWORD="Provision-Only-1"
AD_PORTS=(389 636 3268 3269)

# Everything under $AD_DIR. `interfaces = 127.0.0.1`, not `lo`: with `lo`
# Samba listens on ::1 as well.
provision_options() {
  printf '%s\n' \
    "--option=interfaces=$LISTEN_HOST" \
    "--option=bind interfaces only=yes" \
    "--option=log file=$AD_DIR/log/%m.log" \
    "--option=pid directory=$AD_DIR/run" \
    "--option=ncalrpc dir=$AD_DIR/run/ncalrpc" \
    "--option=winbindd socket directory=$AD_DIR/run/winbindd" \
    "--option=binddns dir=$AD_DIR/bind-dns"
}

# Added to smb.conf after provisioning (provision drops or overrides them):
# LDAP only (no SMB, Kerberos, RPC, NetBIOS listeners: faster start, no other
# fixed ports), and simple binds over plain LDAP as the seed's sample does.
after_provision_options() {
  printf '%s\n' \
    "server services = ldap" \
    "disable netbios = yes" \
    "ldap server require strong auth = no"
}

fingerprint() {
  {
    provision_options
    after_provision_options
    printf '%s %s %s\n' "$REALM" "$DOMAIN" "$PROVISION_PASSWORD"
    cat "$FIXTURE"
  } | sha256sum | cut -d' ' -f1
}

server_pid() {
  live_pid "$PIDFILE" samba
}

# Who holds one of AD's ports: names the other DC's state folder when it is
# a Samba (its open sam.ldb tells where it lives).
port_holder() {
  local port="$1" pid ppid state=""
  pid="$(ss -Hltnp "sport = :$port" 2>/dev/null | grep -o 'pid=[0-9]*' | head -n 1 | cut -d= -f2 || true)"
  [[ -n "$pid" ]] || {
    echo "an unknown process"
    return
  }
  # Samba's workers are children of its root process.
  while ppid="$(awk '/^PPid:/ {print $2}' "/proc/$pid/status" 2>/dev/null)" && [[ "$ppid" != 0 && "$ppid" != 1 ]] &&
    tr '\0' ' ' <"/proc/$ppid/cmdline" 2>/dev/null | grep -q '^samba'; do
    pid="$ppid"
  done
  state="$(find "/proc/$pid/fd" -lname '*/private/sam.ldb' -printf '%l\n' 2>/dev/null | head -n 1 || true)"
  if [[ -n "$state" ]]; then
    state="$(dirname "$(dirname "$(dirname "$state")")")"
    echo "the Samba DC of $state/samba-ad (pid $pid; stop it with \`DIRSYNC_STATE=$state bash infra/samba-ad.sh stop\`)"
  else
    echo "pid $pid ($(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | cut -c1-60))"
  fi
}

require_ad_ports_free() {
  local port
  for port in "${AD_PORTS[@]}"; do
    port_in_use "$port" || continue
    die "port $port is held by $(port_holder "$port"). Active Directory's ports are fixed, so there is one DC per machine: use that one (the servers.env beside it has the AD_* lines) or stop it first."
  done
}

# Provisions a fresh domain and loads the fixture offline (ldbmodify on
# sam.ldb is far faster than LDAP adds). Only called while Samba is stopped.
provision() {
  local started_us="${EPOCHREALTIME/./}" options
  rm -rf "$AD_DIR"
  mkdir -p "$AD_DIR/log" "$AD_DIR/run"
  mapfile -t options < <(provision_options)
  log "provisioning the domain $REALM in $AD_DIR"
  samba-tool domain provision --targetdir="$AD_DIR" --realm="$REALM" --domain="$DOMAIN" \
    --server-role=dc --dns-backend=NONE --adminpass="$PROVISION_PASSWORD" "${options[@]}" \
    >"$AD_DIR/log/provision.log" 2>&1 || {
    tail -n 20 "$AD_DIR/log/provision.log" >&2
    die "provisioning failed; log: $AD_DIR/log/provision.log"
  }
  local provisioned_us="${EPOCHREALTIME/./}"
  # Replace provision's `server services` line, then add ours to [global].
  local extra
  extra="$(after_provision_options | sed 's/^/\t/')"
  awk -v extra="$extra" '
    /^[ \t]*server services[ \t]*=/ { next }
    { print }
    /^\[global\]/ { print extra }
  ' "$SMB_CONF" >"$SMB_CONF.tmp"
  mv "$SMB_CONF.tmp" "$SMB_CONF"
  log "loading $FIXTURE"
  ldbmodify -H "$AD_DIR/private/sam.ldb" "$FIXTURE" >"$AD_DIR/log/fixture.log" 2>&1 || {
    tail -n 20 "$AD_DIR/log/fixture.log" >&2
    die "loading the fixture failed; log: $AD_DIR/log/fixture.log"
  }
  fingerprint >"$READY_MARK"
  local done_us="${EPOCHREALTIME/./}"
  log "provisioned in $(((provisioned_us - started_us) / 1000)) ms, fixture loaded in $(((done_us - provisioned_us) / 1000)) ms"
}

answers() {
  ldapsearch -x -H "ldap://$LISTEN_HOST:389" -s base -b '' -LLL defaultNamingContext 2>/dev/null |
    grep -q "^defaultNamingContext: $BASE_DN"
}

# Several `servers.sh up` (one per `infra/jest.sh`) may run at once; without
# this lock two of them would provision into the same folder.
# Samba is started with the descriptor closed, so only this script holds it.
LOCKED=0
lock() {
  ((LOCKED == 0)) || return 0
  mkdir -p "$DIRSYNC_STATE"
  exec 9>"$DIRSYNC_STATE/samba-ad.lock"
  flock -w 180 9 || die "another samba-ad.sh held $DIRSYNC_STATE/samba-ad.lock for 3 minutes"
  LOCKED=1
}

start() {
  lock
  if server_pid >/dev/null; then
    if [[ "$(cat "$READY_MARK" 2>/dev/null)" == "$(fingerprint)" ]]; then
      log "already running on ldap://$LISTEN_HOST:389"
      return 0
    fi
    log "the running DC has an older fixture or options: re-provisioning"
    stop
  fi
  [[ "$(id -u)" == 0 ]] || die "Samba as a domain controller must run as root"
  command -v samba >/dev/null || die "samba is not installed: run infra/install-packages.sh as root"
  require_ad_ports_free
  ensure_state_dir
  [[ "$(cat "$READY_MARK" 2>/dev/null)" == "$(fingerprint)" && -f "$SMB_CONF" ]] || provision
  rm -f "$PIDFILE"
  local started_us="${EPOCHREALTIME/./}"
  # -F: stay in the foreground (we track the pid file); setsid: not in our
  # caller's process group, so Ctrl-C on a test run does not kill it.
  setsid samba -s "$SMB_CONF" -F --no-process-group >>"$SAMBA_LOG" 2>&1 </dev/null 9>&- &
  local launched=$! deadline=$((SECONDS + 60))
  until answers && server_pid >/dev/null; do
    if ! kill -0 "$launched" 2>/dev/null || ((SECONDS >= deadline)); then
      tail -n 20 "$SAMBA_LOG" >&2 || true
      kill -TERM "$launched" 2>/dev/null || true
      die "Samba did not start; log: $SAMBA_LOG and $AD_DIR/log/"
    fi
    sleep 0.05
  done
  log "started on ldap://$LISTEN_HOST:389 and ldaps://$LISTEN_HOST:636 in $(((${EPOCHREALTIME/./} - started_us) / 1000)) ms"
}

stop() {
  local pid
  lock
  if ! pid="$(server_pid)"; then
    log "not running"
    return 0
  fi
  kill -TERM "$pid"
  wait_pid_gone "$pid" 30 || die "Samba (pid $pid) did not stop within 30 s"
  log "stopped"
}

status() {
  local pid
  if pid="$(server_pid)"; then
    echo "samba-ad: running (pid $pid) on ldap://$LISTEN_HOST:389 ldaps://$LISTEN_HOST:636, $ADMIN_UPN"
  else
    echo "samba-ad: stopped"
    return 3
  fi
}

# KEY=value lines for servers.env (servers.sh appends them in the test profile).
env_lines() {
  cat <<ENV
AD_URL=ldap://$LISTEN_HOST:389
AD_LDAPS_URL=ldaps://$LISTEN_HOST:636
AD_HOST=$LISTEN_HOST
AD_PORT=389
AD_BASE_DN=$BASE_DN
AD_REALM=$REALM
AD_ADMIN_UPN=$ADMIN_UPN
AD_ADMIN_PASSWORD=$ADMIN_PASSWORD
AD_FIXTURE=$FIXTURE
ENV
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  env) env_lines ;;
  *)
    echo "usage: $0 start|stop|status|env" >&2
    exit 2
    ;;
esac
