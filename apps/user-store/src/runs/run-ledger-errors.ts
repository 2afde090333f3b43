import { AppError } from '@dirsync/service-kit';
import type { SyncRunEntity } from './sync-run.entity';

/** Why a step of a run was refused; every refusal changes nothing. */
export const runRefusals = {
  notFound: (runId: string) => new AppError('not-found', `no run ${runId}`),

  alreadyRunning: (runId: string | undefined) =>
    new AppError(
      'sync-already-running',
      `a synchronization is already running (run ${runId ?? '?'})`,
      { details: { runId: runId ?? null } },
    ),

  /** The step's lease is not the run's current one, or it expired, or the run ended. */
  leaseLost: (run: SyncRunEntity, leaseToken: number) =>
    new AppError(
      'run-lease-lost',
      run.state === 'succeeded' || run.state === 'failed'
        ? `run ${run.id} already ${run.state}: this step (lease ${leaseToken}) changes nothing`
        : `run ${run.id} is no longer held by lease ${leaseToken}: this step changes nothing`,
      { details: { runId: run.id, state: run.state } },
    ),

  notClaimable: (run: SyncRunEntity) =>
    new AppError('run-not-claimable', `run ${run.id} is ${run.state}, not queued`, {
      details: { runId: run.id, state: run.state },
    }),
};
