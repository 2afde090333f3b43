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
      'StagedPlanWithoutRunKey1797000000000',
      'UserWritesForMirrors1798000000000',
      'TypedStagedCreates1799000000000',
      'OwnersCheckedPerStatement1800000000000',
      'CreatedEventsReadTheirUser1801000000000',
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
      'sync_plan_changes',
      'sync_runs',
      'user_email_addresses',
      'user_removals',
      'user_snapshots',
      'user_store_migrations',
      'users',
    ]);
  });

  it('records on each user the transaction that last wrote it, and each removal (a truncate as one without an id)', async () => {
    const triggers = await database.query<{ tgname: string }>(
      `SELECT tgname FROM pg_trigger WHERE tgrelid = 'users'::regclass AND NOT tgisinternal ORDER BY tgname`,
    );
    expect(triggers.map((trigger) => trigger.tgname)).toEqual([
      'users_complete_pending_events',
      'users_id_fixed',
      'users_release_owned',
      'users_removed',
      'users_truncate_owned',
      'users_truncated',
      'users_written',
    ]);
  });

  it("creates the run ledger's indexes and the staged plan's key, without a foreign key to the run", async () => {
    const indexes = await database.query<{ indexname: string; indexdef: string }>(
      `SELECT indexname, indexdef FROM pg_indexes
        WHERE schemaname = 'public' AND tablename IN ('sync_runs', 'sync_plan_changes') ORDER BY indexname`,
    );
    const constraints = await database.query<{ conname: string; definition: string }>(
      `SELECT conname, pg_get_constraintdef(oid) AS definition FROM pg_constraint
        WHERE conrelid = 'sync_plan_changes'::regclass ORDER BY conname`,
    );

    expect(indexes.map((index) => index.indexname)).toEqual([
      'sync_plan_changes_pkey',
      'sync_runs_created_at_idx',
      'sync_runs_finished_at_idx',
      'sync_runs_one_active_sync_key',
      'sync_runs_pkey',
    ]);
    expect(
      indexes.find((index) => index.indexname === 'sync_runs_finished_at_idx')?.indexdef,
    ).toMatch(/ON public\.sync_runs USING btree \(finished_at\) WHERE \(finished_at IS NOT NULL\)/);
    expect(constraints).toEqual([
      { conname: 'sync_plan_changes_pkey', definition: 'PRIMARY KEY (run_id, "position")' },
    ]);
  });

  it('converts staged create lines between columns and JSON, both ways', async () => {
    const runId = '0196f3a2-1c2b-7d4e-8f60-1a2b3c4d5e6f';
    const line = {
      action: 'create',
      userName: 'ann',
      directoryUser: {
        externalId: 'ext-ann',
        dn: 'uid=ann,dc=example,dc=com',
        userName: 'ann',
        fullName: null,
        emailAddresses: ['ann@example.com', 'a, "b"@example.com'],
      },
      privileges: ['log-on'],
    };
    await database.query(
      `INSERT INTO sync_plan_changes (run_id, position, action, user_name, external_id, dn, full_name, email_addresses, privileges)
       VALUES ($1, 0, 'create', 'ann', 'ext-ann', 'uid=ann,dc=example,dc=com', NULL, $2::text[], '{log-on}')`,
      [runId, line.directoryUser.emailAddresses],
    );

    // Undone down to before TypedStagedCreates1799000000000 (the last three migrations).
    await sut.undoLastMigration();
    await sut.undoLastMigration();
    await sut.undoLastMigration();
    const [asJson] = await database.query<{ change: unknown }>(
      `SELECT change FROM sync_plan_changes WHERE run_id = $1`,
      [runId],
    );
    await sut.runMigrations();
    const [asColumns] = await database.query(
      `SELECT change, external_id, dn, full_name, email_addresses, privileges FROM sync_plan_changes WHERE run_id = $1`,
      [runId],
    );
    await database.query(`DELETE FROM sync_plan_changes WHERE run_id = $1`, [runId]);

    expect(asJson).toEqual({ change: line });
    expect(asColumns).toEqual({
      change: null,
      external_id: 'ext-ann',
      dn: 'uid=ann,dc=example,dc=com',
      full_name: null,
      email_addresses: line.directoryUser.emailAddresses,
      privileges: ['log-on'],
    });
  });

  it('can be undone, one migration after the other', async () => {
    // A created event still waiting for its user's snapshot gets it before the column goes.
    const [ann] = await database.query<{ id: string }>(
      `INSERT INTO users (id, user_name, auth_method, external_id, dn, privileges)
       VALUES (gen_random_uuid(), 'ann', 'directory', 'ext-ann', 'uid=ann,dc=example,dc=com', '{log-on}')
       RETURNING id`,
    );
    await database.query(
      `INSERT INTO outbox_events (id, routing_key, payload, snapshot_user_id)
       VALUES (gen_random_uuid(), 'user.created.v1', '{"runId": null}', $1)`,
      [ann!.id],
    );

    await sut.undoLastMigration();

    expect(await database.query('SELECT payload FROM outbox_events')).toEqual([
      {
        payload: {
          runId: null,
          user: {
            id: ann!.id,
            userName: 'ann',
            fullName: null,
            emailAddresses: [],
            externalId: 'ext-ann',
            dn: 'uid=ann,dc=example,dc=com',
            privileges: ['log-on'],
          },
        },
      },
    ]);
    await database.query('TRUNCATE users, user_email_addresses, archive_folders, outbox_events');

    await sut.undoLastMigration();

    const ownerKeys = await database.query<{ conname: string; definition: string }>(
      `SELECT conname, pg_get_constraintdef(oid) AS definition FROM pg_constraint
        WHERE contype = 'f' AND conrelid IN ('user_email_addresses'::regclass, 'archive_folders'::regclass)
        ORDER BY conname`,
    );
    expect(ownerKeys).toEqual([
      {
        conname: 'archive_folders_owner_user_id_fkey',
        definition: 'FOREIGN KEY (owner_user_id) REFERENCES users(id) ON DELETE SET NULL',
      },
      {
        conname: 'user_email_addresses_user_id_fkey',
        definition: 'FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE',
      },
    ]);
    const ownerTriggers = await database.query(
      `SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgname LIKE '%owner%'`,
    );
    expect(ownerTriggers).toEqual([]);

    await sut.undoLastMigration();

    const staged = await database.query<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'sync_plan_changes' ORDER BY column_name`,
    );
    expect(staged.map((column) => column.column_name)).toEqual([
      'action',
      'change',
      'position',
      'run_id',
      'user_name',
    ]);

    await sut.undoLastMigration();

    const columns = await database.query<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'written_in'`,
    );
    expect(columns).toEqual([]);
    const functions = await database.query<{ proname: string }>(
      `SELECT proname FROM pg_proc WHERE proname IN ('write_transaction_id', 'users_mark_written', 'users_record_removals', 'users_record_truncate')`,
    );
    expect(functions).toEqual([]);

    await sut.undoLastMigration();

    const keys = await database.query<{ conname: string; definition: string }>(
      `SELECT conname, pg_get_constraintdef(oid) AS definition FROM pg_constraint
        WHERE conrelid = 'sync_plan_changes'::regclass AND contype = 'f'`,
    );
    expect(keys).toEqual([
      {
        conname: 'sync_plan_changes_run_id_fkey',
        definition: 'FOREIGN KEY (run_id) REFERENCES sync_runs(id) ON DELETE CASCADE',
      },
    ]);

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
