import type { RunLifecycleState } from '../api/types';

const LABELS: Record<RunLifecycleState, string> = {
  queued: 'Queued',
  running: 'Running',
  succeeded: 'Succeeded',
  failed: 'Failed',
};

export function RunStateBadge({ state }: { state: RunLifecycleState }) {
  return <span className={`badge state-${state}`}>{LABELS[state]}</span>;
}
