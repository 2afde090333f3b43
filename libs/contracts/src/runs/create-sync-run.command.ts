import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { SYNC_MODES, type SyncMode } from '../sync/start-sync-run.command';
import { SyncRunRecord } from './sync-run-record';

/**
 * config-api → user-store: record a new run as `queued`. A second `sync`
 * while one is queued or running is refused (`sync-already-running`): the
 * run ledger is the one-sync-at-a-time lock, for every instance.
 */
export class CreateSyncRunCommand {
  static readonly routingKey = 'runs.create.v1' as const;

  @IsIn(SYNC_MODES)
  mode!: SyncMode;

  @IsString()
  @MinLength(1)
  requestedBy!: string;

  @IsInt()
  settingsVersion!: number;

  @IsBoolean()
  allowMassDelete!: boolean;

  /** Apply only if planning again gives this fingerprint (applying a stored Test Settings plan). */
  @IsOptional()
  @IsString()
  expectedFingerprint?: string;
}

export class SyncRunReply {
  @ValidateNested()
  @Type(() => SyncRunRecord)
  run!: SyncRunRecord;
}
