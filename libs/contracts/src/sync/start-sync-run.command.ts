import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsDefined,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { DirectorySettings } from '../settings/directory-settings';
import { SyncPlan } from './sync-plan';

export const SYNC_MODES = ['test', 'sync'] as const;
/** `test`: Test Settings, a dry run that writes nothing. `sync`: Synchronize now. */
export type SyncMode = (typeof SYNC_MODES)[number];

/** config-api → sync-planner: plan (and for `sync`, apply) a synchronization. */
export class StartSyncRunCommand {
  static readonly routingKey = 'sync.run.start.v1' as const;

  /** Chosen by the caller, which records the run before it starts. */
  @IsUUID()
  runId!: string;

  @IsIn(SYNC_MODES)
  mode!: SyncMode;

  @IsDefined({ message: '$property is required' })
  @ValidateNested()
  @Type(() => DirectorySettings)
  settings!: DirectorySettings;

  /** Who asked, for the run's record. */
  @IsString()
  @MinLength(1)
  requestedBy!: string;

  /** Let a run delete more users than the deletion threshold allows. */
  @IsOptional()
  @IsBoolean()
  allowMassDelete?: boolean;

  /** Apply only if the plan made now has this fingerprint (applying a stored Test Settings plan). */
  @IsOptional()
  @IsString()
  expectedFingerprint?: string;
}

export const RUN_STATES = ['succeeded', 'failed'] as const;
export type RunState = (typeof RUN_STATES)[number];

export class RunError {
  @IsString()
  code!: string;

  @IsString()
  message!: string;
}

export class SyncRunReport {
  @IsString()
  runId!: string;

  @IsIn(SYNC_MODES)
  mode!: SyncMode;

  @IsIn(RUN_STATES)
  state!: RunState;

  @IsString()
  startedAt!: string;

  @IsString()
  finishedAt!: string;

  /** The plan; for a `sync` that succeeded, what was applied. */
  @IsOptional()
  @ValidateNested()
  @Type(() => SyncPlan)
  plan?: SyncPlan;

  /** True when the plan's changes were committed to the user store. */
  @IsBoolean()
  applied!: boolean;

  @IsOptional()
  @ValidateNested()
  @Type(() => RunError)
  error?: RunError;
}
