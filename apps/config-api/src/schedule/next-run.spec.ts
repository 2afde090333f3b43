import { nextRunAt, scheduleProblem } from './next-run';

const at = (iso: string) => new Date(iso);

describe(nextRunAt.name, () => {
  it('adds the interval to the last run', () => {
    expect(nextRunAt({ intervalMinutes: 60 }, at('2026-11-23T10:00:00Z'))).toEqual(
      at('2026-11-23T11:00:00Z'),
    );
  });

  it('finds the next cron occurrence in UTC', () => {
    expect(nextRunAt({ cron: '0 2 * * *' }, at('2026-11-23T10:00:00Z'))).toEqual(
      at('2026-11-24T02:00:00Z'),
    );
  });

  it('has no next run without a schedule', () => {
    expect(nextRunAt({}, at('2026-11-23T10:00:00Z'))).toBeNull();
  });
});

describe(scheduleProblem.name, () => {
  it.each([
    [{ intervalMinutes: 30 }, null],
    [{ cron: '*/15 * * * *' }, null],
    [{}, /exactly one/],
    [{ intervalMinutes: 30, cron: '0 2 * * *' }, /exactly one/],
    [{ cron: '0 2 * *' }, /five fields/],
    [{ cron: '61 2 * * *' }, /invalid cron/],
  ])('%j → %s', (schedule, expected) => {
    const problem = scheduleProblem(schedule);
    if (expected === null) expect(problem).toBeNull();
    else expect(problem).toMatch(expected);
  });
});
