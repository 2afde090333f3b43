import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { BaseServiceEnv } from '@dirsync/service-kit';
import { IsDatabaseUrl } from './database-url';

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;

export class UserStoreEnv extends BaseServiceEnv {
  override HTTP_PORT: number = 3004;

  /** The user store's own PostgreSQL database; migrations run against it at start-up. */
  @IsDatabaseUrl()
  DATABASE_URL!: string;

  /** How often the outbox relay looks for events not yet published (it also runs after every commit). */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(600_000)
  OUTBOX_RELAY_INTERVAL_MS: number = 2_000;

  /** Published events are kept this many days, then deleted (unpublished ones always stay). */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3650)
  OUTBOX_RETENTION_DAYS: number = 7;
}
