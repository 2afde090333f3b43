import { hrefOf } from '../app/use-route';
import type { SyncRunRecord } from '../api/types';
import { formatDuration } from '../ui/format';
import { PlanView } from './PlanView';
import { totalChanges } from './plan-actions';

/** The result of a finished, successful run: what was (or would be) done. */
export function RunOutcome({
  run,
  onApply,
  applying,
}: {
  run: SyncRunRecord;
  onApply?: () => void;
  applying?: boolean;
}) {
  const counts = run.plan?.counts ?? run.counts;
  return (
    <div className="run-outcome">
      <p role="status" className="notice success">
        {run.mode === 'test'
          ? `Test Settings finished: ${counts ? totalChanges(counts) : 0} changes would be made. Nothing was written.`
          : `Synchronization finished: ${counts ? totalChanges(counts) : 0} changes applied.`}{' '}
        <span className="muted">
          ({formatDuration(run.startedAt, run.finishedAt)},{' '}
          <a href={hrefOf('runs', run.id)}>run details</a>)
        </span>
      </p>
      {run.mode === 'test' && onApply && counts && totalChanges(counts) > 0 && (
        <button type="button" className="primary" onClick={onApply} disabled={applying}>
          Apply this plan
        </button>
      )}
      {run.plan && <PlanView key={run.id} runId={run.id} plan={run.plan} />}
    </div>
  );
}
