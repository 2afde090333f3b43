#!/usr/bin/env bash
# A private OpenLDAP slapd for one profile, loaded with the demo directory:
# cn=config, data, TLS material, pid and ldapi socket under $DIRSYNC_STATE.
# Usage: slapd.sh start|stop|status|reload-demo
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
LOG_TAG=slapd

SLAPD_DIR="$DIRSYNC_STATE/slapd"
CONFIG_DIR="$SLAPD_DIR/slapd.d"
DATA_DIR="$SLAPD_DIR/data"
PIDFILE="$SLAPD_DIR/slapd.pid"
SLAPD_LOG="$SLAPD_DIR/slapd.log"
LOADED_MARK="$SLAPD_DIR/demo-loaded"
TLS_DIR="$DIRSYNC_STATE/tls"
SUFFIX="dc=example,dc=com"
ROOT_DN="cn=admin,$SUFFIX"
# The admin password of the product spec's OpenLDAP sample.
ROOT_PW="MySecretPassword"
# The directory loaded on first start; tests and benchmarks load their own.
DEMO_LDIF="${DIRSYNC_SLAPD_LDIF:-$INFRA_DIR/demo/demo-directory.ldif}"
COMPAT_SCHEMA="$INFRA_DIR/slapd/dirsync-compat.ldif"

# ldapi:// takes the socket path URL-encoded.
ldapi_url() {
  local path="$SLAPD_DIR/ldapi" out="" c i
  for ((i = 0; i < ${#path}; i++)); do
    c="${path:i:1}"
    case "$c" in
      [A-Za-z0-9._~-]) out+="$c" ;;
      *) out+="$(printf '%%%02X' "'$c")" ;;
    esac
  done
  printf 'ldapi://%s/' "$out"
}

listen_urls() {
  printf 'ldap://%s:%s/ ldaps://%s:%s/ %s' "$LISTEN_HOST" "$DIRSYNC_LDAP_PORT" \
    "$LISTEN_HOST" "$DIRSYNC_LDAPS_PORT" "$(ldapi_url)"
}

# A private CA and a server certificate for 127.0.0.1 and ldap.dirsync.test.
# Deliberately not `localhost`: connecting by that name must fail the
# host-name check, which tests use to prove certificates are verified.
ensure_tls() {
  [[ -s "$TLS_DIR/ca.pem" && -s "$TLS_DIR/server.pem" ]] && return 0
  log "creating a private CA and server certificate in $TLS_DIR"
  local tmp
  tmp="$(mktemp -d "$DIRSYNC_STATE/tls.XXXXXX")"
  local ec=(-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes)
  openssl req -x509 "${ec[@]}" -keyout "$tmp/ca.key" -out "$tmp/ca.pem" -days 3650 \
    -subj "/O=dirsync/CN=dirsync $DIRSYNC_PROFILE test CA" \
    -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
  openssl req -new "${ec[@]}" -keyout "$tmp/server.key" -out "$tmp/server.csr" \
    -subj "/O=dirsync/CN=ldap.dirsync.test" 2>/dev/null
  cat >"$tmp/server.ext" <<EXT
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = IP:127.0.0.1,DNS:ldap.dirsync.test
EXT
  openssl x509 -req -in "$tmp/server.csr" -CA "$tmp/ca.pem" -CAkey "$tmp/ca.key" \
    -set_serial "0x$(openssl rand -hex 8)" -days 3650 -extfile "$tmp/server.ext" \
    -out "$tmp/server.pem" 2>/dev/null
  rm -f "$tmp/server.csr" "$tmp/server.ext"
  chmod 600 "$tmp/ca.key" "$tmp/server.key"
  chmod 644 "$tmp/ca.pem" "$tmp/server.pem"
  chmod 755 "$tmp"
  rm -rf "$TLS_DIR"
  mv "$tmp" "$TLS_DIR"
}

# cn=config as LDIF. The root password is a placeholder here so that the text
# (and its fingerprint) only changes when the configuration really changes.
config_template() {
  cat <<LDIF
dn: cn=config
objectClass: olcGlobal
cn: config
olcPidFile: $PIDFILE
olcArgsFile: $SLAPD_DIR/slapd.args
olcLogLevel: none
olcTLSCACertificateFile: $TLS_DIR/ca.pem
olcTLSCertificateFile: $TLS_DIR/server.pem
olcTLSCertificateKeyFile: $TLS_DIR/server.key

dn: cn=module{0},cn=config
objectClass: olcModuleList
cn: module{0}
olcModulePath: /usr/lib/ldap
olcModuleLoad: back_mdb

dn: cn=schema,cn=config
objectClass: olcSchemaConfig
cn: schema

include: file:///etc/ldap/schema/core.ldif
include: file:///etc/ldap/schema/cosine.ldif
include: file:///etc/ldap/schema/inetorgperson.ldif
include: file:///etc/ldap/schema/nis.ldif
include: file://$COMPAT_SCHEMA

dn: olcDatabase={-1}frontend,cn=config
objectClass: olcDatabaseConfig
objectClass: olcFrontendConfig
olcDatabase: {-1}frontend
olcSizeLimit: 500

# root on this machine may manage everything over ldapi:// (-Y EXTERNAL).
dn: olcDatabase={0}config,cn=config
objectClass: olcDatabaseConfig
olcDatabase: {0}config
olcAccess: {0}to * by dn.exact=gidNumber=0+uidNumber=0,cn=peercred,cn=external,cn=auth manage by * break

dn: olcDatabase={1}mdb,cn=config
objectClass: olcDatabaseConfig
objectClass: olcMdbConfig
olcDatabase: {1}mdb
olcDbDirectory: $DATA_DIR
olcDbMaxSize: 2147483648
olcSuffix: $SUFFIX
olcRootDN: $ROOT_DN
olcRootPW: @ROOT_PW_HASH@
olcDbIndex: objectClass eq
olcDbIndex: uid eq
olcDbIndex: cn eq
olcDbIndex: mail eq
olcDbIndex: member eq
olcDbIndex: memberUid eq
olcDbIndex: entryUUID eq
olcLimits: {0}* size.prtotal=unlimited
olcAccess: {0}to * by dn.exact=gidNumber=0+uidNumber=0,cn=peercred,cn=external,cn=auth manage by * break
olcAccess: {1}to attrs=userPassword by anonymous auth by self write by * none
olcAccess: {2}to * by users read by * none
LDIF
}

config_fingerprint() {
  { config_template; cat "$COMPAT_SCHEMA"; } | sha256sum | cut -d' ' -f1
}

# (Re)builds cn=config when missing or when the template or our schema
# changed; the data stays. Only called while slapd is stopped.
ensure_config() {
  local fingerprint
  fingerprint="$(config_fingerprint)"
  if [[ -d "$CONFIG_DIR" && "$(cat "$SLAPD_DIR/config.sha256" 2>/dev/null)" == "$fingerprint" ]]; then
    return 0
  fi
  log "building cn=config in $CONFIG_DIR"
  local hash
  hash="$(slappasswd -s "$ROOT_PW")"
  config_template | sed "s|@ROOT_PW_HASH@|$hash|" >"$SLAPD_DIR/config.ldif"
  chmod 600 "$SLAPD_DIR/config.ldif"
  rm -rf "$CONFIG_DIR.tmp"
  mkdir -p "$CONFIG_DIR.tmp" "$DATA_DIR"
  slapadd -n 0 -F "$CONFIG_DIR.tmp" -l "$SLAPD_DIR/config.ldif" >/dev/null
  rm -rf "$CONFIG_DIR"
  mv "$CONFIG_DIR.tmp" "$CONFIG_DIR"
  printf '%s\n' "$fingerprint" >"$SLAPD_DIR/config.sha256"
}

# Wipes the data and loads the demo LDIF offline (slapadd is far faster
# than ldapadd). The mark tells a complete load from an interrupted one.
load_demo() {
  log "loading $DEMO_LDIF"
  rm -f "$LOADED_MARK"
  rm -rf "$DATA_DIR"
  mkdir -p "$DATA_DIR"
  slapadd -q -F "$CONFIG_DIR" -b "$SUFFIX" -l "$DEMO_LDIF" >/dev/null
  touch "$LOADED_MARK"
}

server_pid() {
  live_pid "$PIDFILE" slapd
}

start() {
  if server_pid >/dev/null; then
    log "already running on $LISTEN_HOST:$DIRSYNC_LDAP_PORT"
    return 0
  fi
  ensure_state_dir
  mkdir -p "$SLAPD_DIR"
  ensure_tls
  ensure_config
  [[ -f "$LOADED_MARK" ]] || load_demo
  require_port_free "$DIRSYNC_LDAP_PORT" DIRSYNC_LDAP_PORT
  require_port_free "$DIRSYNC_LDAPS_PORT" DIRSYNC_LDAPS_PORT
  rm -f "$PIDFILE" "$SLAPD_DIR/ldapi"
  # -d 0: stay in the foreground (we track the pid file), print only errors.
  setsid slapd -d 0 -F "$CONFIG_DIR" -h "$(listen_urls)" >>"$SLAPD_LOG" 2>&1 </dev/null &
  local launched=$! deadline=$((SECONDS + 15))
  # Ready once both listeners are up and the pid file (used by stop and
  # status) is written; fail at once if slapd exits (bad config, port race).
  until port_in_use "$DIRSYNC_LDAP_PORT" && port_in_use "$DIRSYNC_LDAPS_PORT" && server_pid >/dev/null; do
    if ! kill -0 "$launched" 2>/dev/null || ((SECONDS >= deadline)); then
      tail -n 20 "$SLAPD_LOG" >&2 || true
      die "slapd did not start; log: $SLAPD_LOG"
    fi
    sleep 0.05
  done
  log "started on ldap://$LISTEN_HOST:$DIRSYNC_LDAP_PORT and ldaps://$LISTEN_HOST:$DIRSYNC_LDAPS_PORT"
}

stop() {
  local pid
  if ! pid="$(server_pid)"; then
    log "not running"
    return 0
  fi
  kill -TERM "$pid"
  wait_pid_gone "$pid" 30 || die "slapd (pid $pid) did not stop within 30 s"
  log "stopped"
}

status() {
  local pid
  if pid="$(server_pid)"; then
    echo "slapd: running (pid $pid) on $(listen_urls)"
  else
    echo "slapd: stopped"
    return 3
  fi
}

reload_demo() {
  local was_running=0
  if server_pid >/dev/null; then
    was_running=1
    stop
  fi
  ensure_state_dir
  mkdir -p "$SLAPD_DIR"
  ensure_tls
  ensure_config
  load_demo
  if ((was_running)); then start; fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  reload-demo) reload_demo ;;
  *)
    echo "usage: $0 start|stop|status|reload-demo" >&2
    exit 2
    ;;
esac
