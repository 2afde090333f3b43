import { CronExpressionParser } from 'cron-parser';
import type { SyncSchedule } from '@dirsync/contracts';

/**
 * When the next scheduled synchronization is due, counted from the last
 * scheduled run (or, before the first, from when the schedule was saved).
 * Pure: the caller passes the clock.
 */
export function nextRunAt(schedule: SyncSchedule, since: Date): Date | null {
  if (schedule.intervalMinutes)
    return new Date(since.getTime() + schedule.intervalMinutes * 60_000);
  if (schedule.cron)
    return CronExpressionParser.parse(schedule.cron, { currentDate: since, tz: 'UTC' })
      .next()
      .toDate();
  return null;
}

/**
 * When the scheduler starts its next Synchronize now: one period after the
 * later of the schedule's save and the scheduler's last run (a schedule saved
 * again counts from its save). A time already past is due at the next tick.
 */
export function nextScheduledRunAt(
  schedule: SyncSchedule | null | undefined,
  savedAt: Date,
  lastScheduledRunAt: Date | null,
): Date | null {
  if (!schedule) return null;
  const since = lastScheduledRunAt && lastScheduledRunAt > savedAt ? lastScheduledRunAt : savedAt;
  return nextRunAt(schedule, since);
}

/** Null when the schedule is valid, else why not. */
export function scheduleProblem(schedule: SyncSchedule): string | null {
  const given = [schedule.intervalMinutes, schedule.cron].filter(
    (value) => value !== undefined && value !== null,
  );
  if (given.length !== 1) return 'give exactly one of intervalMinutes or cron';
  if (schedule.cron) {
    if (schedule.cron.trim().split(/\s+/).length !== 5)
      return 'a cron expression has five fields (minute hour day month weekday)';
    try {
      CronExpressionParser.parse(schedule.cron, { tz: 'UTC' });
    } catch (error) {
      return `invalid cron expression: ${(error as Error).message}`;
    }
  }
  return null;
}
