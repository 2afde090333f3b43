import { Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { SyncRunRecord } from './sync-run-record';

/** config-api → user-store: one run; with its whole plan when asked. */
export class GetSyncRunQuery {
  static readonly routingKey = 'runs.get.v1' as const;

  @IsUUID()
  runId!: string;

  @IsOptional()
  @IsBoolean()
  withPlan?: boolean;
}

export class SyncRunFound {
  @IsOptional()
  @ValidateNested()
  @Type(() => SyncRunRecord)
  run?: SyncRunRecord | null;
}

/** config-api → user-store: the newest runs first, without their plans. */
export class ListSyncRunsQuery {
  static readonly routingKey = 'runs.list.v1' as const;

  @IsInt()
  @Min(1)
  @Max(500)
  limit!: number;

  /** Only the runs this actor asked for (the scheduler's, say). */
  @IsOptional()
  @IsString()
  requestedBy?: string;
}

export class SyncRunList {
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => SyncRunRecord)
  runs!: SyncRunRecord[];
}
