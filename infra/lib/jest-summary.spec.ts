import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const script = join(__dirname, 'jest-summary.cjs');

interface SuiteResult {
  name: string;
  status: 'passed' | 'failed';
  message: string;
  assertionResults: { status: 'passed' | 'failed' }[];
}

function suite(name: string, tests: ('passed' | 'failed')[], status = 'passed', message = '') {
  return {
    name,
    status,
    message,
    assertionResults: tests.map((s) => ({ status: s })),
  } as SuiteResult;
}

describe('jest-summary.cjs', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'dirsync-jest-summary-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function summarize(suites: SuiteResult[] | null, jestStatus: number) {
    const report = join(dir, `report-${Math.random()}.json`);
    if (suites) {
      const tests = suites.flatMap((s) => s.assertionResults);
      writeFileSync(
        report,
        JSON.stringify({
          numPassedTests: tests.filter((t) => t.status === 'passed').length,
          numFailedTests: tests.filter((t) => t.status === 'failed').length,
          testResults: suites,
        }),
      );
    }
    const run = spawnSync(process.execPath, [script, report, String(jestStatus)], {
      encoding: 'utf8',
    });
    const lines = run.stdout.trim().split('\n');
    return { line: lines.at(-1), exitCode: run.status, stderr: run.stderr };
  }

  it('all passed: 0 failed and exit 0', () => {
    expect(summarize([suite('a', ['passed', 'passed'])], 0)).toMatchObject({
      line: '2 passed, 0 failed',
      exitCode: 0,
    });
  });

  it('failed tests are counted once each', () => {
    const suites = [suite('a', ['passed', 'failed', 'failed'], 'failed')];
    expect(summarize(suites, 1)).toMatchObject({ line: '1 passed, 2 failed', exitCode: 1 });
  });

  it('a suite whose tests passed but whose hook failed is a failure, named with its message', () => {
    const hookFailed = suite(
      '/repo/x.slapd.spec.ts',
      ['passed', 'passed'],
      'failed',
      'Exceeded timeout of 30000 ms for a hook',
    );
    const result = summarize([hookFailed, suite('b', ['passed'])], 1);
    expect(result).toMatchObject({ line: '3 passed, 1 failed', exitCode: 1 });
    expect(result.stderr).toContain('/repo/x.slapd.spec.ts');
    expect(result.stderr).toContain('Exceeded timeout of 30000 ms for a hook');
  });

  it('a suite that failed to run (no tests) is a failure', () => {
    const crashed = suite('c', [], 'failed', 'Cannot find module');
    expect(summarize([crashed], 1)).toMatchObject({ line: '0 passed, 1 failed', exitCode: 1 });
  });

  it('Jest failing without a failed suite still fails the run', () => {
    expect(summarize([suite('a', ['passed'])], 1)).toMatchObject({
      line: '1 passed, 1 failed',
      exitCode: 1,
    });
  });

  it('no report at all (Jest died) is a failure', () => {
    expect(summarize(null, 134)).toMatchObject({ line: '0 passed, 1 failed', exitCode: 1 });
  });
});
