import { IsIn, IsOptional } from 'class-validator';
import { FINAL_RUN_STATES, isErrorCode, type SyncRunRecord } from '@dirsync/contracts';
import { AppError } from '@dirsync/service-kit';

/** `?wait=true`: answer when the run ended, for scripts and the README's curl walk-through. */
export class RunWaitParams {
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'wait must be true or false' })
  wait?: 'true' | 'false';
}

/** How long `?wait=true` waits before answering with the run as it is (202). */
export const WAIT_LIMIT_MS = 15 * 60_000;

/**
 * The HTTP answer for a run: 202 while it is queued or running, 200 once it
 * succeeded; a failed run is an error answer with the run's own code (its
 * status from the error registry) and the run in `details`.
 */
export function answerForRun(run: SyncRunRecord, setStatus: (status: number) => void) {
  if (run.state === 'failed') {
    const code = run.error?.code;
    throw new AppError(
      code && isErrorCode(code) ? code : 'sync-failed',
      run.error?.message ?? 'the run failed',
      { details: { run } },
    );
  }
  setStatus(FINAL_RUN_STATES.includes(run.state) ? 200 : 202);
  return run;
}
