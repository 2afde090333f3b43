import { DataSource } from 'typeorm';
import { serversEnv, ThrowawayDatabase } from '@dirsync/testing';
import { userStoreDataSourceOptions } from './data-source.options';

describe('user-store migrations', () => {
  let database: ThrowawayDatabase;
  let sut: DataSource;

  beforeAll(async () => {
    database = await ThrowawayDatabase.create(serversEnv().DATABASE_URL, 'user_store');
    sut = new DataSource(userStoreDataSourceOptions(database.url));
    await sut.initialize();
  });
  afterAll(async () => {
    await sut?.destroy();
    await database?.drop();
  });

  it('creates the schema once, then has nothing left to do', async () => {
    expect((await sut.runMigrations()).map((migration) => migration.name)).toEqual([
      'CreateUserStore1795392000000',
      'CreateSyncRuns1796000000000',
    ]);
    expect(await sut.runMigrations()).toEqual([]);
    expect(await sut.showMigrations()).toBe(false);
  });

  it('builds exactly the schema the entities map (nothing for TypeORM to synchronize)', async () => {
    const pending = await sut.driver.createSchemaBuilder().log();

    expect(pending.upQueries.map((query) => query.query)).toEqual([]);
  });

  it('keeps its own migrations table, so another service sharing the database is not disturbed', async () => {
    const tables = await database.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
    );

    expect(tables.map((table) => table.table_name)).toEqual([
      'archive_folders',
      'outbox_events',
      'sync_runs',
      'user_email_addresses',
      'user_store_migrations',
      'users',
    ]);
  });

  it('can be undone, one migration after the other', async () => {
    await sut.undoLastMigration();

    const [sequence] = await database.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM information_schema.sequences WHERE sequence_name = 'sync_run_lease_tokens'`,
    );
    expect(sequence).toEqual({ count: 0 });
    const remaining = await database.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
    );
    expect(remaining.map((table) => table.table_name)).toEqual([
      'archive_folders',
      'outbox_events',
      'user_email_addresses',
      'user_store_migrations',
      'users',
    ]);

    await sut.undoLastMigration();

    const tables = await database.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`,
    );
    expect(tables).toEqual([{ table_name: 'user_store_migrations' }]);
  });
});
