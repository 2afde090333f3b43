import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsString, ValidateNested } from 'class-validator';
import { SYNC_MODES, RunError, type SyncMode } from '../sync/start-sync-run.command';
import { PlanCounts } from '../sync/sync-plan';
import { EventBase } from './event-base';

export class SyncRunCompletedEvent extends EventBase {
  static readonly routingKey = 'sync.run.completed.v1' as const;

  @IsIn(SYNC_MODES)
  mode!: SyncMode;

  @IsDefined({ message: '$property is required' })
  @ValidateNested()
  @Type(() => PlanCounts)
  counts!: PlanCounts;
}

export class SyncRunFailedEvent extends EventBase {
  static readonly routingKey = 'sync.run.failed.v1' as const;

  @IsIn(SYNC_MODES)
  mode!: SyncMode;

  @IsDefined({ message: '$property is required' })
  @ValidateNested()
  @Type(() => RunError)
  error!: RunError;

  @IsString()
  requestedBy!: string;
}
