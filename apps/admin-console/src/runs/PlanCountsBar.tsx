import type { PlanAction, PlanCounts } from '../api/types';
import { ACTION_LABELS, ACTIONS, allLines } from './plan-actions';

/**
 * The counts of a plan, each a button that shows only the lines of its
 * action (pressed again, or "All", shows every line). Native buttons: Tab
 * reaches each one, Enter or Space chooses it.
 */
export function PlanCountsBar(props: {
  counts: PlanCounts;
  shown: PlanAction | undefined;
  onShow: (action: PlanAction | undefined) => void;
}) {
  return (
    <div className="counts" role="group" aria-label="Filter by action">
      <button
        type="button"
        className="count"
        aria-pressed={props.shown === undefined}
        onClick={() => props.onShow(undefined)}
      >
        All <strong>{allLines(props.counts).toLocaleString('en')}</strong>
      </button>
      {ACTIONS.map((action) => (
        <button
          key={action}
          type="button"
          className={`count action-${action}`}
          aria-pressed={props.shown === action}
          onClick={() => props.onShow(props.shown === action ? undefined : action)}
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
