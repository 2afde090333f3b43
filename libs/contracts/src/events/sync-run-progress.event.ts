import { IsIn, IsInt, IsOptional, Min } from 'class-validator';
import { SYNC_MODES, type SyncMode } from '../sync/start-sync-run.command';
import { EventBase } from './event-base';

export const RUN_PHASES = ['reading', 'planning', 'applying'] as const;
export type RunPhase = (typeof RUN_PHASES)[number];

/** How far a running sync has come; published every few seconds while it runs. */
export class SyncRunProgressEvent extends EventBase {
  static readonly routingKey = 'sync.run.progress.v1' as const;

  @IsIn(SYNC_MODES)
  mode!: SyncMode;

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
