import { hrefOf } from '../app/use-route';
import { ErrorNotice } from '../ui/ErrorNotice';
import { formatDuration, formatTime } from '../ui/format';
import { Section } from '../ui/Section';
import { PlanView } from './PlanView';
import { RunFailure } from './RunFailure';
import { RunProgress } from './RunProgress';
import { RunStateBadge } from './RunStateBadge';
import { isFinal, useRunRecord } from './use-run';

export function RunDetailsPage({ runId }: { runId: string }) {
  const record = useRunRecord(runId);
  const run = record.data;
  return (
    <>
      <p>
        <a href={hrefOf('runs')}>← Runs</a>
      </p>
      <h1>{run ? (run.mode === 'sync' ? 'Synchronize now' : 'Test Settings') : 'Run'}</h1>
      {record.error && <ErrorNotice error={record.error} />}
      {run && (
        <>
          <Section
            title="Run"
            actions={
              !isFinal(run) ? (
                <button type="button" onClick={record.reload}>
                  Refresh
                </button>
              ) : undefined
            }
          >
            <dl className="facts">
              <dt>State</dt>
              <dd>
                <RunStateBadge state={run.state} />
                {run.mode === 'sync' && (run.applied ? ' · changes applied' : ' · nothing applied')}
              </dd>
              <dt>Requested by</dt>
              <dd>{run.requestedBy}</dd>
              <dt>Settings version</dt>
              <dd>{run.settingsVersion}</dd>
              <dt>Started</dt>
              <dd>{formatTime(run.startedAt ?? run.createdAt)}</dd>
              <dt>Finished</dt>
              <dd>{formatTime(run.finishedAt)}</dd>
              <dt>Duration</dt>
              <dd>{formatDuration(run.startedAt, run.finishedAt)}</dd>
              <dt>Run id</dt>
              <dd className="mono">{run.id}</dd>
            </dl>
            {!isFinal(run) && <RunProgress run={run} />}
            {run.state === 'failed' && <RunFailure run={run} />}
          </Section>
          {run.plan && (
            <Section title="Changes">
              <PlanView key={run.id} runId={run.id} plan={run.plan} />
            </Section>
          )}
        </>
      )}
    </>
  );
}
