import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { BaseServiceEnv, envInt, IsDatabaseUrl } from '@dirsync/service-kit';

export class UserStoreEnv extends BaseServiceEnv {
  override HTTP_PORT: number = 3004;

  /** The user store's own PostgreSQL database; migrations run against it at start-up. */
  @IsDatabaseUrl()
  DATABASE_URL!: string;

  /** How often the outbox relay looks for events not yet published (it also runs after every commit). */
  @IsOptional()
  @Transform(envInt)
  @IsInt()
  @Min(100)
  @Max(600_000)
  OUTBOX_RELAY_INTERVAL_MS: number = 2_000;

  /** Published events are kept this many days, then deleted (unpublished ones always stay). */
  @IsOptional()
  @Transform(envInt)
  @IsInt()
  @Min(1)
  @Max(3650)
  OUTBOX_RETENTION_DAYS: number = 7;

  /**
   * How long a run's lease lasts without a heartbeat from its sync-planner
   * (which renews it every third of this). A planner that dies frees the
   * one-sync lock within this time plus RUN_REAPER_INTERVAL_MS.
   */
  @IsOptional()
  @Transform(envInt)
  @IsInt()
  @Min(1_000)
  @Max(600_000)
  RUN_LEASE_MS: number = 10_000;

  /** How long a queued run waits for a sync-planner to take it before it fails. */
  @IsOptional()
  @Transform(envInt)
  @IsInt()
  @Min(1_000)
  @Max(3_600_000)
  RUN_QUEUED_TIMEOUT_MS: number = 60_000;

  /** How often runs whose lease expired are failed. */
  @IsOptional()
  @Transform(envInt)
  @IsInt()
  @Min(100)
  @Max(60_000)
  RUN_REAPER_INTERVAL_MS: number = 1_000;

  /** Staged plans (every change) of runs that ended longer ago than this are deleted; summaries stay. */
  @IsOptional()
  @Transform(envInt)
  @IsInt()
  @Min(1)
  @Max(3650)
  RUN_PLAN_RETENTION_DAYS: number = 30;
}
