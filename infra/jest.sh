#!/usr/bin/env bash
# Runs Jest on some tests with the project's toolchain and the test servers,
# without the format/types/lint/build steps of run-tests.sh:
#   bash infra/jest.sh apps/auth-gateway            # a folder or file
#   bash infra/jest.sh --selectProjects integration
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=infra/toolchain.sh
source infra/toolchain.sh
export DIRSYNC_PROFILE=test
bash infra/servers.sh up >/dev/null
NODE_OPTIONS="${NODE_OPTIONS:-} --experimental-vm-modules --no-warnings=ExperimentalWarning" \
  exec npx jest "$@"
