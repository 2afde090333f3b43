import { useState } from 'react';
import type { SyncRunRecord } from '../api/types';
import { CheckboxField } from '../ui/CheckboxField';

/**
 * Why a run failed, in words an admin can act on: the deletion threshold
 * (with an explicit override), a stale plan (test again), anything else
 * with the server's message and code. A failed run changed nothing.
 */
export function RunFailure(props: {
  run: SyncRunRecord;
  onOverride?: () => void;
  onTestAgain?: () => void;
}) {
  const [understood, setUnderstood] = useState(false);
  const error = props.run.error ?? { code: 'sync-failed', message: 'the run failed' };
  const deletions = props.run.plan?.counts.delete ?? props.run.counts?.delete;
  return (
    <div className="notice error" role="alert" aria-label="Run failed">
      {error.code === 'deletion-threshold-exceeded' ? (
        <>
          <strong>Stopped by the deletion threshold: nothing was changed.</strong>
          <span>
            This synchronization would delete{' '}
            {deletions !== undefined ? `${deletions} users` : 'more users'}, more than the threshold
            in Options allows. Check that the directory and the filters are right before you go on.
          </span>
          <span className="muted">{error.message}</span>
          {props.onOverride && (
            <>
              <CheckboxField
                label={`I have checked: delete ${deletions !== undefined ? `these ${deletions} users` : 'these users'}`}
                checked={understood}
                onChange={setUnderstood}
              />
              <button
                type="button"
                className="danger"
                disabled={!understood}
                onClick={props.onOverride}
              >
                Synchronize now and delete them
              </button>
            </>
          )}
        </>
      ) : error.code === 'stale-plan' ? (
        <>
          <strong>This plan is out of date: nothing was changed.</strong>
          <span>The directory or the user store changed since Test Settings made it.</span>
          {props.onTestAgain && (
            <button type="button" onClick={props.onTestAgain}>
              Test again
            </button>
          )}
        </>
      ) : (
        <>
          <strong>The run failed: nothing was changed.</strong>
          <span>{error.message}</span>
        </>
      )}
      <code className="muted">{error.code}</code>
    </div>
  );
}
