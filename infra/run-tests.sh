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
step "format";    npx prettier --check . --log-level warn
step "types";     npx tsc -p tsconfig.json --noEmit
step "lint";      npx eslint . --max-warnings 0
step "build";     npm run -s build

step "tests"
mkdir -p reports
rm -f reports/jest.json
status=0
NODE_OPTIONS="${NODE_OPTIONS:-} --experimental-vm-modules --no-warnings=ExperimentalWarning" \
  npx jest --ci --json --outputFile=reports/jest.json "$@" || status=$?

node -e '
  const fs = require("node:fs");
  if (!fs.existsSync("./reports/jest.json")) {
    // Jest itself died (an uncaught error in the test process): no test can count as passed.
    console.error("Jest ended without writing reports/jest.json: see the output above");
    console.log("0 passed, 1 failed");
    process.exit(0);
  }
  const r = require("./reports/jest.json");
  const failedSuites = r.testResults.filter((s) => s.status === "failed" && s.assertionResults.length === 0);
  for (const s of failedSuites) console.error(`suite failed to run: ${s.name}\n${s.message}`);
  console.log(`${r.numPassedTests} passed, ${r.numFailedTests + failedSuites.length} failed`);
'
exit "$status"
