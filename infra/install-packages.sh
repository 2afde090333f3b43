#!/usr/bin/env bash
# Installs the Debian packages the local servers need, and only those missing,
# so that `servers.sh up` costs nothing on a machine that already has them.
# Services must not auto-start: we run private instances on our own ports.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
LOG_TAG=packages

PG_BIN=/usr/lib/postgresql/15/bin

installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

# shellcheck source-path=SCRIPTDIR source=versions.sh
source "$INFRA_DIR/versions.sh"

# The pinned "name=version" of a package from versions.sh.
pinned() {
  local spec
  for spec in "${DIRSYNC_DEBIAN_PACKAGES[@]}"; do
    if [[ "${spec%%=*}" == "$1" ]]; then
      printf '%s' "$spec"
      return
    fi
  done
  die "no pinned version for Debian package $1 in infra/versions.sh"
}

missing=()
# package name, then a check that its programs are really there
need() {
  local pkg="$1" spec have
  shift
  spec="$(pinned "$pkg")"
  if ! installed "$pkg" || ! "$@" >/dev/null 2>&1; then
    missing+=("$spec")
    return
  fi
  have="$(dpkg-query -W -f='${Version}' "$pkg")"
  if [[ "$have" != "${spec#*=}" ]]; then
    log "warning: $pkg $have is installed, infra/versions.sh pins ${spec#*=}; using the installed one"
  fi
}
need postgresql-15 test -x "$PG_BIN/postgres"
need postgresql-client-15 command -v psql
need rabbitmq-server test -x /usr/lib/rabbitmq/bin/rabbitmq-server
need slapd command -v slapadd
need ldap-utils command -v ldapsearch
need docker-compose command -v docker-compose
# Samba as an Active Directory domain controller (infra/samba-ad.sh), which
# only the test profile runs.
if [[ "$DIRSYNC_PROFILE" == test ]]; then
  need samba test -x /usr/sbin/samba
  need samba-ad-dc command -v samba-tool
  need winbind command -v wbinfo
  need ldb-tools command -v ldbmodify
  # The admin console's browser tests drive Debian's Chromium (playwright-core, headless).
  need chromium test -x /usr/bin/chromium
  need chromium-common installed chromium-common
fi
# Part of Debian's base system, never downloaded here.
command -v openssl >/dev/null || die "openssl is missing (Debian package openssl)"

if ((${#missing[@]} == 0)); then
  exit 0
fi

[[ "$(id -u)" == 0 ]] || die "missing packages (${missing[*]}); run this script as root to install them"

# Debian's maintainer scripts start services through invoke-rc.d, which asks
# policy-rc.d first; 101 means "not allowed". Only remove a file we created.
policy=/usr/sbin/policy-rc.d
created_policy=0
remove_policy() {
  if ((created_policy)); then rm -f "$policy"; fi
}
trap remove_policy EXIT
if [[ ! -e "$policy" ]]; then
  printf '#!/bin/sh\n# temporary, from dirsync infra/install-packages.sh\nexit 101\n' >"$policy"
  chmod 755 "$policy"
  created_policy=1
fi

log "installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# Wait for another apt run (e.g. a provisioning script) instead of failing.
apt_opts=(-o DPkg::Lock::Timeout=600 -q)
apt-get "${apt_opts[@]}" update
apt-get "${apt_opts[@]}" install -y "${missing[@]}"
log "installed: ${missing[*]}"
