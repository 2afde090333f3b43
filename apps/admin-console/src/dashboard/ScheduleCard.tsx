import type { DirectorySettings } from '../api/types';
import { formatTime } from '../ui/format';
import { Section } from '../ui/Section';

/**
 * The schedule as saved, and when the scheduler starts the next Synchronize
 * now (config-api computes it from the schedule and its last scheduled run).
 */
export function ScheduleCard({
  schedule,
  nextRunAt,
}: {
  schedule: DirectorySettings['options']['schedule'] | undefined;
  nextRunAt: string | null | undefined;
}) {
  return (
    <Section title="Next scheduled run">
      {!schedule && <p>No schedule: synchronizations run when an admin starts them.</p>}
      {schedule && nextRunAt && (
        <p>
          <strong>
            <time dateTime={nextRunAt}>{formatTime(nextRunAt)}</time>
          </strong>
          {Date.parse(nextRunAt) <= Date.now() && ' (due: it starts at the scheduler’s next look)'}
        </p>
      )}
      {schedule && !nextRunAt && <p>Not known while the run history is not available.</p>}
      {schedule?.intervalMinutes && (
        <p>Every {schedule.intervalMinutes} minutes after the last scheduled run.</p>
      )}
      {schedule?.cron && (
        <p>
          By the cron expression <code>{schedule.cron}</code> (UTC).
        </p>
      )}
    </Section>
  );
}
