#!/usr/bin/env bash
# Runs one benchmark on a quiet machine: Node 24 and the packages, the test
# profile's servers, a fresh build (apps, libs and bench), then the script.
#   bash bench/run.sh sync.bench [--users N]
# DIRSYNC_PROFILE=demo runs it on the demo profile's servers instead (other
# ports, no Samba DC), e.g. beside a test run that holds the test profile's.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=infra/toolchain.sh
source infra/toolchain.sh
export DIRSYNC_PROFILE="${DIRSYNC_PROFILE:-test}"
export DIRSYNC_STATE="${DIRSYNC_STATE:-$PWD/.state/$DIRSYNC_PROFILE}"
bash infra/servers.sh up >/dev/null
npm run -s build
# The build leaves test helpers out of dist/; the benchmarks use them.
npx swc bench libs/testing -d dist --config-file .swcrc --quiet
name="$1"
shift
exec node --enable-source-maps "dist/bench/$name.js" "$@"
