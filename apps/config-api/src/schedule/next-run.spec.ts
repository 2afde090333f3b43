import { nextRunAt, nextScheduledRunAt, scheduleProblem } from './next-run';

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

describe(nextScheduledRunAt.name, () => {
  const saved = at('2026-11-23T10:00:00Z');

  it.each([
    ['no schedule', undefined, null, null],
    [
      'before the first scheduled run, counts from the save',
      { intervalMinutes: 30 },
      null,
      '2026-11-23T10:30:00Z',
    ],
    [
      'counts from the last scheduled run',
      { intervalMinutes: 30 },
      '2026-11-23T12:05:00Z',
      '2026-11-23T12:35:00Z',
    ],
    [
      'a schedule saved after the last scheduled run counts from its save',
      { intervalMinutes: 30 },
      '2026-11-23T09:50:00Z',
      '2026-11-23T10:30:00Z',
    ],
    [
      'cron, from the last scheduled run',
      { cron: '0 2 * * *' },
      '2026-11-24T02:00:07Z',
      '2026-11-25T02:00:00Z',
    ],
    ['cron, before any scheduled run', { cron: '0 2 * * *' }, null, '2026-11-24T02:00:00Z'],
  ])('%s', (_case, schedule, lastRun, expected) => {
    expect(nextScheduledRunAt(schedule, saved, lastRun === null ? null : at(lastRun))).toEqual(
      expected === null ? null : at(expected),
    );
  });
});
