import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Min,
  ValidateNested,
} from 'class-validator';
import { RUN_PHASES, type RunPhase } from '../events/sync-run-progress.event';
import { RunError, SYNC_MODES, type SyncMode } from '../sync/start-sync-run.command';
import { PlanCounts, PlanSummary } from '../sync/sync-plan';

/**
 * A run's life, owned by user-store (the only place where "applied" and
 * "failed" can be decided in the same transaction as the writes):
 *   queued ──claim──▶ running ──apply / finish──▶ succeeded
 *      │                 │
 *      └──── lease expired, fail ────────────────▶ failed
 * `succeeded` and `failed` are final: nothing moves a run out of them.
 */
export const RUN_LIFECYCLE_STATES = ['queued', 'running', 'succeeded', 'failed'] as const;
export type RunLifecycleState = (typeof RUN_LIFECYCLE_STATES)[number];
export const FINAL_RUN_STATES: readonly RunLifecycleState[] = ['succeeded', 'failed'];

/** How far a running run has come, as its worker last reported. */
export class RunProgress {
  @IsIn(RUN_PHASES)
  phase!: RunPhase;

  @IsInt()
  @Min(0)
  usersRead!: number;

  @IsOptional()
  @IsInt()
  @Min(0)
  changesPlanned?: number;

  @IsOptional()
  @IsInt()
  @Min(0)
  changesApplied?: number;
}

/** One Test Settings or Synchronize now, as the run ledger holds it. */
export class SyncRunRecord {
  @IsUUID()
  id!: string;

  @IsIn(SYNC_MODES)
  mode!: SyncMode;

  @IsIn(RUN_LIFECYCLE_STATES)
  state!: RunLifecycleState;

  @IsString()
  requestedBy!: string;

  @IsInt()
  settingsVersion!: number;

  @IsBoolean()
  allowMassDelete!: boolean;

  @IsOptional()
  @IsString()
  expectedFingerprint?: string | null;

  @IsString()
  createdAt!: string;

  /** When a worker claimed it. */
  @IsOptional()
  @IsString()
  startedAt?: string | null;

  @IsOptional()
  @IsString()
  finishedAt?: string | null;

  @IsOptional()
  @ValidateNested()
  @Type(() => RunProgress)
  progress?: RunProgress | null;

  @IsOptional()
  @ValidateNested()
  @Type(() => PlanCounts)
  counts?: PlanCounts | null;

  @IsOptional()
  @ValidateNested()
  @Type(() => RunError)
  error?: RunError | null;

  /** True once the plan's changes were committed to the user store (exactly once). */
  @IsBoolean()
  applied!: boolean;

  /**
   * The plan's summary once it is complete (its changes are paged:
   * `runs.changes.v1`); only when one run is asked for, never in lists.
   */
  @IsOptional()
  @ValidateNested()
  @Type(() => PlanSummary)
  plan?: PlanSummary | null;
}
