import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Min, ValidateNested } from 'class-validator';
import { RunError } from '../sync/start-sync-run.command';
import { RunProgress } from './sync-run-record';

/** What every step of a claimed run carries: which run, and the lease it holds. */
export abstract class LeasedRunStep {
  @IsUUID()
  runId!: string;

  @IsInt()
  @Min(1)
  leaseToken!: number;
}

/** sync-planner → user-store, every few seconds: the worker is alive; renews the lease. */
export class RenewRunLeaseCommand extends LeasedRunStep {
  static readonly routingKey = 'runs.heartbeat.v1' as const;

  @IsOptional()
  @ValidateNested()
  @Type(() => RunProgress)
  progress?: RunProgress;
}

export const FINISH_OUTCOMES = ['succeeded', 'failed'] as const;

/**
 * sync-planner → user-store: the run ends without an apply (Test Settings
 * succeeded, or any run failed). A sync's success is its apply instead.
 */
export class FinishSyncRunCommand extends LeasedRunStep {
  static readonly routingKey = 'runs.finish.v1' as const;

  @IsIn(FINISH_OUTCOMES)
  outcome!: (typeof FINISH_OUTCOMES)[number];

  /** Why it failed; required when the outcome is `failed`. */
  @IsOptional()
  @ValidateNested()
  @Type(() => RunError)
  error?: RunError;
}

export class RunStepAccepted {
  @IsUUID()
  runId!: string;
}
