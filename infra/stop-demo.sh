#!/usr/bin/env bash
# Stops the demo's services (gracefully: SIGTERM) and its servers.
set -euo pipefail
cd "$(dirname "$0")/.."
state=".state/demo"
for pidfile in "$state"/pids/*.pid; do
  [ -f "$pidfile" ] || continue
  pid="$(cat "$pidfile")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -f "$pidfile"
done
DIRSYNC_PROFILE=demo bash infra/servers.sh down
