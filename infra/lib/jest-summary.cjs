// Prints the closing "N passed, N failed" line of infra/run-tests.sh from
// Jest's JSON report, so that it agrees with the exit code: a suite that
// failed for any reason (a hook, its set-up, a crash) counts as a failure
// even when every test in it passed, and is named with its message above
// the line. Usage: node jest-summary.cjs <report.json> <jest exit status>
'use strict';
const fs = require('node:fs');

const [reportPath, jestStatusText] = process.argv.slice(2);
const jestStatus = Number(jestStatusText);

if (!fs.existsSync(reportPath)) {
  console.error(
    `Jest ended (status ${jestStatus}) without writing ${reportPath}: see the output above`,
  );
  console.log('0 passed, 1 failed');
  process.exit(1);
}

const report = JSON.parse(fs.readFileSync(reportPath, 'utf8'));
let failed = report.numFailedTests;
for (const suite of report.testResults) {
  if (suite.status !== 'failed') continue;
  const failedTests = suite.assertionResults.filter((test) => test.status === 'failed').length;
  // Its failed tests are already counted; a suite failing beyond them is one more failure.
  if (failedTests === 0) {
    failed += 1;
    console.error(`\nsuite failed outside its tests: ${suite.name}\n${suite.message}`);
  }
}
if (jestStatus !== 0 && failed === 0) {
  // Jest said no without naming a suite (e.g. an error in its configuration).
  failed = 1;
  console.error(
    `\nJest exited with status ${jestStatus} although no suite failed: see the output above`,
  );
}
console.log(`${report.numPassedTests} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
