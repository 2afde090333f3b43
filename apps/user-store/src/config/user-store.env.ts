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
}
