import type { PlanAction, PlanCounts } from '../api/types';
import { ACTION_LABELS, ACTIONS } from './plan-actions';

/** The counts of a plan; each is a toggle that filters the table by its action. */
export function PlanCountsBar(props: {
  counts: PlanCounts;
  shown: ReadonlySet<PlanAction>;
  onToggle: (action: PlanAction) => void;
}) {
  return (
    <div className="counts" role="group" aria-label="Filter by action">
      {ACTIONS.map((action) => (
        <button
          key={action}
          type="button"
          className={`count action-${action}`}
          aria-pressed={props.shown.has(action)}
          onClick={() => props.onToggle(action)}
        >
          {ACTION_LABELS[action]} <strong>{props.counts[action].toLocaleString('en')}</strong>
        </button>
      ))}
      <span className="count muted">
        Unchanged <strong>{props.counts.unchanged.toLocaleString('en')}</strong>
      </span>
    </div>
  );
}
