#!/usr/bin/env bash
# The one command that runs every test, on a fresh machine too: Node 24 and
# the npm packages, the Debian packages and the private test servers
# (PostgreSQL, RabbitMQ, slapd on 127.0.0.1), then format, types, lint,
# build, and Jest (unit + end-to-end). Ends with "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=infra/toolchain.sh
source infra/toolchain.sh

export DIRSYNC_PROFILE=test
bash infra/servers.sh up
if [ "${CI:-}" = "true" ]; then
  # A CI machine is thrown away, but its servers must not outlive the run.
  trap 'bash infra/servers.sh down >/dev/null 2>&1 || true' EXIT
fi

step() { printf '\n== %s\n' "$*" >&2; }
# A step that fails ends the run with a closing line that says so.
run_step() {
  local name="$1"
  shift
  step "$name"
  "$@" || {
    printf 'step "%s" failed (see above)\n' "$name" >&2
    echo "0 passed, 1 failed"
    exit 1
  }
}
run_step "format" npx prettier --check . --log-level warn
run_step "types" npm run -s typecheck
run_step "lint" npx eslint . --max-warnings 0
run_step "build" npm run -s build

step "tests"
mkdir -p reports
rm -f reports/jest.json
status=0
NODE_OPTIONS="${NODE_OPTIONS:-} --experimental-vm-modules --no-warnings=ExperimentalWarning" \
  npx jest --ci --json --outputFile=reports/jest.json "$@" || status=$?

# The closing line, and an exit code that agrees with it (not `exec`: the
# EXIT trap above must still stop the servers).
summary_status=0
node infra/lib/jest-summary.cjs reports/jest.json "$status" || summary_status=$?
exit "$summary_status"
