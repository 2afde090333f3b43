import { Type } from 'class-transformer';
import { IsDefined, IsInt, IsString, IsUUID, Min, ValidateNested } from 'class-validator';
import { SyncOptions } from '../settings/directory-settings';

export const SYNC_MODES = ['test', 'sync'] as const;
/** `test`: Test Settings, a dry run that writes nothing. `sync`: Synchronize now. */
export type SyncMode = (typeof SYNC_MODES)[number];

/**
 * config-api → sync-planner: work on a run that config-api had the run
 * ledger (user-store) record as queued. The planner claims it there (which
 * gives the lease every later step carries) and answers at once; the run
 * goes on in the background and reports to the ledger, not to this reply.
 */
export class StartSyncRunCommand {
  static readonly routingKey = 'sync.run.start.v1' as const;

  @IsUUID()
  runId!: string;

  /**
   * What the planner needs of the settings, and no secret: directory-reader
   * fetches the connection itself, for this version.
   */
  @IsDefined({ message: '$property is required' })
  @ValidateNested()
  @Type(() => SyncOptions)
  options!: SyncOptions;
}

/** The planner took the run (its lease token), or it was no longer to be taken (an error reply). */
export class SyncRunAccepted {
  @IsUUID()
  runId!: string;

  @IsInt()
  @Min(1)
  leaseToken!: number;
}

export class RunError {
  @IsString()
  code!: string;

  @IsString()
  message!: string;
}
