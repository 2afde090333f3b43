import type { DataSource, Migration } from 'typeorm';

/**
 * Runs the pending migrations while holding a PostgreSQL advisory lock named
 * after the service's migrations table, so that instances starting at the
 * same moment take turns and the later ones find nothing left to do.
 * TypeORM's own run is not safe under concurrency: two runs both read a
 * migration as pending, both apply it, and the slower one fails on
 * "already exists" (or on creating the migrations table itself).
 *
 * The lock is a session lock on a connection of its own, held from before
 * the migrations table is read until the run ended; a process that dies
 * holding it loses its connection, and PostgreSQL releases the lock.
 */
export async function runMigrationsLocked(dataSource: DataSource): Promise<Migration[]> {
  const lockName = `dirsync:migrations:${dataSource.options.migrationsTableName ?? 'migrations'}`;
  const lock = dataSource.createQueryRunner();
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock(hashtext($1))', [lockName]);
    try {
      return await dataSource.runMigrations();
    } finally {
      await lock.query('SELECT pg_advisory_unlock(hashtext($1))', [lockName]);
    }
  } finally {
    await lock.release();
  }
}

/**
 * Initializes a DataSource (built with `migrationsRun` off) and runs its
 * migrations under the lock; closes it again when they fail, so a retry
 * leaves no pool behind. For TypeOrmModule's `dataSourceFactory`.
 */
export async function initializeMigrated(dataSource: DataSource): Promise<DataSource> {
  if (dataSource.options.migrationsRun)
    throw new Error('initializeMigrated: build the DataSource with migrationsRun: false');
  await dataSource.initialize();
  try {
    await runMigrationsLocked(dataSource);
  } catch (error) {
    await dataSource.destroy().catch(() => undefined);
    throw error;
  }
  return dataSource;
}
