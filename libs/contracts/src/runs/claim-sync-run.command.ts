import { Type } from 'class-transformer';
import { IsInt, IsString, IsUUID, Min, MinLength, ValidateNested } from 'class-validator';
import { SyncRunRecord } from './sync-run-record';

/**
 * sync-planner → user-store: take a queued run. The reply's lease token
 * fences every later step: a step carrying an older token, or arriving after
 * the lease expired, changes nothing.
 */
export class ClaimSyncRunCommand {
  static readonly routingKey = 'runs.claim.v1' as const;

  @IsUUID()
  runId!: string;

  /** Who works on it (host and pid), for the run's record and logs. */
  @IsString()
  @MinLength(1)
  worker!: string;
}

export class RunLease {
  /** The run as claimed (mode, options, who asked). */
  @ValidateNested()
  @Type(() => SyncRunRecord)
  run!: SyncRunRecord;

  /** The fencing token: grows with every claim of any run, never reused. */
  @IsInt()
  @Min(1)
  leaseToken!: number;

  /** How long the lease lasts without a heartbeat. */
  @IsInt()
  @Min(1)
  leaseMs!: number;
}
