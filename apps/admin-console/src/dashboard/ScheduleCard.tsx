import type { DirectorySettings } from '../api/types';
import { Section } from '../ui/Section';

/** The schedule as saved; the scheduler starts Synchronize now when it is due. */
export function ScheduleCard({
  schedule,
}: {
  schedule: DirectorySettings['options']['schedule'] | undefined;
}) {
  return (
    <Section title="Next scheduled run">
      {!schedule && <p>No schedule: synchronizations run when an admin starts them.</p>}
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
