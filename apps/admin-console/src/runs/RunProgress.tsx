import type { SyncRunRecord } from '../api/types';

const PHASES = {
  reading: 'Reading the directory',
  planning: 'Planning changes',
  applying: 'Applying changes',
} as const;

/**
 * Live progress of a running run: users read, changes planned, changes
 * applied. The bar is determinate while applying (applied of planned).
 */
export function RunProgress({ run }: { run: SyncRunRecord }) {
  const progress = run.progress;
  const applying = progress?.phase === 'applying' && (progress.changesPlanned ?? 0) > 0;
  const percent = applying
    ? Math.round(((progress.changesApplied ?? 0) / (progress.changesPlanned ?? 1)) * 100)
    : undefined;
  const label =
    run.state === 'queued'
      ? 'Queued: waiting for a worker'
      : progress
        ? PHASES[progress.phase]
        : 'Starting';
  return (
    <div className="run-progress" role="status" aria-label="Run progress">
      <div
        role="progressbar"
        aria-label={run.mode === 'sync' ? 'Synchronization progress' : 'Test Settings progress'}
        aria-valuetext={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        className={`progressbar${percent === undefined ? ' indeterminate' : ''}`}
      >
        <div
          className="progressbar-fill"
          style={{ width: percent === undefined ? undefined : `${percent}%` }}
        />
      </div>
      <p>
        <strong>{label}</strong>
        {progress && (
          <>
            {' · '}
            <span>{progress.usersRead.toLocaleString('en')} users read</span>
            {progress.changesPlanned !== undefined && (
              <span> · {progress.changesPlanned.toLocaleString('en')} changes planned</span>
            )}
            {progress.changesApplied !== undefined && (
              <span> · {progress.changesApplied.toLocaleString('en')} changes applied</span>
            )}
          </>
        )}
      </p>
    </div>
  );
}
