import { hrefOf } from '../app/use-route';
import type { Dashboard } from '../api/types';
import { formatTime } from '../ui/format';
import { Section } from '../ui/Section';
import { RunStateBadge } from '../runs/RunStateBadge';

export function LastRunCard({ run, available }: { run: Dashboard['lastRun']; available: boolean }) {
  return (
    <Section title="Last run">
      {!available && <p>The run history is not available right now.</p>}
      {available && !run && <p>No run yet.</p>}
      {run && (
        <dl className="facts">
          <dt>Run</dt>
          <dd>
            <a href={hrefOf('runs', run.id)}>
              {run.mode === 'sync' ? 'Synchronize now' : 'Test Settings'}
            </a>{' '}
            <RunStateBadge state={run.state} />
          </dd>
          <dt>Finished</dt>
          <dd>{formatTime(run.finishedAt)}</dd>
          {run.counts && (
            <>
              <dt>Changes</dt>
              <dd>
                {run.counts.create} created, {run.counts.update} updated, {run.counts.rename}{' '}
                renamed, {run.counts.delete} deleted, {run.counts.conflict} conflicts
              </dd>
            </>
          )}
          {run.error && (
            <>
              <dt>Error</dt>
              <dd>
                {run.error.message} <code>{run.error.code}</code>
              </dd>
            </>
          )}
        </dl>
      )}
    </Section>
  );
}
