import { IsDatabaseUrl } from '@dirsync/service-kit';

/** The migration command needs the database only (no broker). */
export class MigrateEnv {
  @IsDatabaseUrl()
  DATABASE_URL!: string;
}
