import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { initializeMigrated } from '@dirsync/service-kit';
import { serversEnv, ThrowawayDatabase, waitUntil } from '@dirsync/testing';
import { userStoreDataSourceOptions } from './data-source.options';

const MIGRATIONS = [
  'CreateUserStore1795392000000',
  'CreateSyncRuns1796000000000',
  'StagedPlanWithoutRunKey1797000000000',
  'UserWritesForMirrors1798000000000',
  'TypedStagedCreates1799000000000',
  'OwnersCheckedPerStatement1800000000000',
  'CreatedEventsReadTheirUser1801000000000',
];

/** Instances of user-store starting together on one database (README, "Scaling out"). */
describe('user-store migrations under concurrency (initializeMigrated)', () => {
  let database: ThrowawayDatabase;
  const opened: DataSource[] = [];

  beforeEach(async () => {
    database = await ThrowawayDatabase.create(serversEnv().DATABASE_URL, 'user_store');
  });
  afterEach(async () => {
    await Promise.all(
      opened
        .splice(0)
        .flatMap((dataSource) => (dataSource.isInitialized ? [dataSource.destroy()] : [])),
    );
    await database.drop();
  });

  function dataSource(): DataSource {
    const sut = new DataSource({
      ...userStoreDataSourceOptions(database.url),
      migrationsRun: false,
    });
    opened.push(sut);
    return sut;
  }

  async function appliedMigrations(): Promise<string[]> {
    const rows = await database.query<{ name: string }>(
      'SELECT name FROM user_store_migrations ORDER BY id',
    );
    return rows.map((row) => row.name);
  }

  it('lets three instances starting at the same moment on an empty database all come up, each migration applied once', async () => {
    const results = await Promise.allSettled([1, 2, 3].map(() => initializeMigrated(dataSource())));

    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
    expect(await appliedMigrations()).toEqual(MIGRATIONS);
  });

  it('waits for the lock before it reads the migrations table: a run holding it goes first', async () => {
    const holder = new Client({ connectionString: database.url });
    await holder.connect();
    try {
      await holder.query(
        `SELECT pg_advisory_lock(hashtext('dirsync:migrations:user_store_migrations'))`,
      );
      const starting = initializeMigrated(dataSource());
      starting.catch(() => undefined);
      // The signal that it waits: its lock request, not granted, in pg_locks.
      await waitUntil(async () => {
        const waiting = await holder.query(
          `SELECT 1 FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND NOT l.granted AND a.datname = current_database()`,
        );
        return waiting.rowCount === 1;
      });
      const table = await holder.query(`SELECT to_regclass('user_store_migrations') AS name`);
      expect(table.rows[0].name).toBeNull();

      await holder.query(
        `SELECT pg_advisory_unlock(hashtext('dirsync:migrations:user_store_migrations'))`,
      );
      await starting;
    } finally {
      await holder.end();
    }

    expect(await appliedMigrations()).toEqual(MIGRATIONS);
  });

  it('closes the DataSource when a migration fails, and leaves the lock free for the next instance', async () => {
    await database.query('CREATE TABLE users (id int)');
    const failing = dataSource();

    await expect(initializeMigrated(failing)).rejects.toThrow(/already exists/);
    expect(failing.isInitialized).toBe(false);
    await database.query('DROP TABLE users');
    await expect(initializeMigrated(dataSource())).resolves.toBeDefined();
    expect(await appliedMigrations()).toEqual(MIGRATIONS);
  });
});
