import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { serversEnv, ThrowawayDatabase, waitUntil } from '@dirsync/testing';
import { userStoreDataSourceOptions } from './data-source.options';

/**
 * The owners of addresses and archive folders, checked per statement by
 * triggers (OwnersCheckedPerStatement1800000000000) as the foreign keys
 * they replace checked them row by row, concurrent transactions included.
 */
/** A session to send statements on: the test's own database or one of its clients. */
interface Session {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

describe('owners of addresses and archive folders', () => {
  let database: ThrowawayDatabase;
  let dataSource: DataSource;
  const clients: Client[] = [];

  beforeAll(async () => {
    database = await ThrowawayDatabase.create(serversEnv().DATABASE_URL, 'user_store');
    dataSource = new DataSource(userStoreDataSourceOptions(database.url));
    await dataSource.initialize();
    await dataSource.runMigrations();
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) await client.end();
    await database.query('TRUNCATE users, user_email_addresses, archive_folders, user_removals');
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  async function session(): Promise<Client> {
    const client = new Client({ connectionString: database.url });
    await client.connect();
    clients.push(client);
    return client;
  }

  async function insertUser(on: Session, userName: string): Promise<string> {
    const id = randomUUID();
    await on.query(
      `INSERT INTO users (id, user_name, auth_method, external_id, dn)
       VALUES ($1, $2, 'directory', $2, 'uid=' || $2)`,
      [id, userName],
    );
    return id;
  }

  const addAddress = (on: Session, userId: string, address: string) =>
    on.query(`INSERT INTO user_email_addresses (user_id, position, address) VALUES ($1, 0, $2)`, [
      userId,
      address,
    ]);

  const addFolder = (on: Session, userId: string | null) =>
    on.query(
      `INSERT INTO archive_folders (id, name, owner_user_id, owner_user_name) VALUES ($1, 'f', $2, 'f')`,
      [randomUUID(), userId],
    );

  async function lockWaiters(): Promise<number> {
    const [row] = await database.query<{ waiting: number }>(
      `SELECT count(*)::int AS waiting FROM pg_stat_activity
        WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    );
    return row?.waiting ?? 0;
  }

  const waitForLockWaiter = () =>
    waitUntil(async () => (await lockWaiters()) >= 1, 10_000, 20).catch(() => {
      throw new Error('no session waited for a lock');
    });

  it('refuses an address or a folder of a user who is not stored, naming the key', async () => {
    const nobody = randomUUID();

    await expect(addAddress(database, nobody, 'x@example.com')).rejects.toMatchObject({
      code: '23503',
      constraint: 'user_email_addresses_user_id_fkey',
      detail: `Key (user_id)=(${nobody}) is not present in table "users".`,
    });
    await expect(addFolder(database, nobody)).rejects.toMatchObject({
      code: '23503',
      constraint: 'archive_folders_owner_user_id_fkey',
    });
  });

  it('refuses a statement with one missing owner among many, and keeps none of its rows', async () => {
    const ann = await insertUser(database, 'ann');

    await expect(
      database.query(
        `INSERT INTO user_email_addresses (user_id, position, address)
         VALUES ($1, 0, 'ann@example.com'), ($2, 0, 'ghost@example.com')`,
        [ann, randomUUID()],
      ),
    ).rejects.toMatchObject({ code: '23503' });
    expect(await database.query('SELECT * FROM user_email_addresses')).toEqual([]);
  });

  it('accepts a folder without an owner, and rows of users the same transaction writes', async () => {
    const client = await session();
    await client.query('BEGIN');
    const ann = await insertUser(client, 'ann');
    await addAddress(client, ann, 'ann@example.com');
    await addFolder(client, ann);
    await addFolder(client, null);
    await client.query('COMMIT');

    const [counts] = await database.query(
      `SELECT (SELECT count(*)::int FROM user_email_addresses) AS addresses,
              (SELECT count(*)::int FROM archive_folders) AS folders`,
    );
    expect(counts).toEqual({ addresses: 1, folders: 2 });
  });

  it("deletes a deleted user's addresses and leaves its folder without an owner", async () => {
    const ann = await insertUser(database, 'ann');
    const bob = await insertUser(database, 'bob');
    await addAddress(database, ann, 'ann@example.com');
    await addAddress(database, bob, 'bob@example.com');
    await addFolder(database, ann);
    await addFolder(database, bob);

    await database.query('DELETE FROM users WHERE id = $1', [ann]);

    expect(await database.query('SELECT user_id, address FROM user_email_addresses')).toEqual([
      { user_id: bob, address: 'bob@example.com' },
    ]);
    expect(
      await database.query(
        'SELECT owner_user_id FROM archive_folders ORDER BY owner_user_id NULLS FIRST',
      ),
    ).toEqual([{ owner_user_id: null }, { owner_user_id: bob }]);
  });

  it("never passes an address or a folder to another user, and never changes a user's id", async () => {
    const ann = await insertUser(database, 'ann');
    const bob = await insertUser(database, 'bob');
    await addAddress(database, ann, 'ann@example.com');
    await addFolder(database, ann);

    await expect(
      database.query('UPDATE user_email_addresses SET user_id = $1', [bob]),
    ).rejects.toMatchObject({ code: '23503' });
    await expect(
      database.query('UPDATE archive_folders SET owner_user_id = $1', [bob]),
    ).rejects.toMatchObject({ code: '23503' });
    await expect(
      database.query('UPDATE users SET id = $1 WHERE id = $2', [randomUUID(), ann]),
    ).rejects.toMatchObject({ code: '23503' });
    // Renaming the owner of a folder is no change of owner.
    await database.query(`UPDATE archive_folders SET owner_user_name = 'ann2'`);
  });

  it('refuses to truncate users alone while they own rows, and truncates them together', async () => {
    const ann = await insertUser(database, 'ann');
    await addAddress(database, ann, 'ann@example.com');

    await expect(database.query('TRUNCATE users')).rejects.toMatchObject({ code: '0A000' });
    await database.query('TRUNCATE users, user_email_addresses, archive_folders');

    expect(await database.query('SELECT id FROM users')).toEqual([]);
  });

  it('holds an owner another transaction wrote until the insert commits: a delete of it waits, then takes the address along', async () => {
    const ann = await insertUser(database, 'ann');
    const adding = await session();
    const deleting = await session();
    await adding.query('BEGIN');
    await addAddress(adding, ann, 'ann@example.com');

    const deleted = deleting.query('DELETE FROM users WHERE id = $1', [ann]);
    await waitForLockWaiter();
    await adding.query('COMMIT');
    await deleted;

    expect(await database.query('SELECT * FROM user_email_addresses')).toEqual([]);
  });

  it('refuses an address of a user another transaction deletes meanwhile, once that one commits', async () => {
    const ann = await insertUser(database, 'ann');
    const adding = await session();
    const deleting = await session();
    await deleting.query('BEGIN');
    await deleting.query('DELETE FROM users WHERE id = $1', [ann]);

    const added = addAddress(adding, ann, 'ann@example.com');
    const outcome = added.then(
      () => 'added',
      (error: { code?: string }) => error.code,
    );
    await waitForLockWaiter();
    await deleting.query('COMMIT');

    expect(await outcome).toBe('23503');
    expect(await database.query('SELECT * FROM user_email_addresses')).toEqual([]);
  });
});
