#!/usr/bin/env bash
# Runs one benchmark on a quiet machine: Node 24 and the packages, the test
# profile's servers, a fresh build (apps, libs and bench), then the script.
#   bash bench/run.sh sync.bench [--users N]
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=infra/toolchain.sh
source infra/toolchain.sh
DIRSYNC_PROFILE=test bash infra/servers.sh up >/dev/null
npm run -s build
# The build leaves test helpers out of dist/; the benchmarks use them.
npx swc bench libs/testing -d dist --config-file .swcrc --quiet
name="$1"
shift
exec node --enable-source-maps "dist/bench/$name.js" "$@"
