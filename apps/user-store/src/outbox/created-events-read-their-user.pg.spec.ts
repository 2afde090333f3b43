import { Client } from 'pg';
import { Privilege, type PlannedUserChange } from '@dirsync/contracts';
import { directoryUser, waitUntil } from '@dirsync/testing';
import { UserStoreTestDatabase } from '../../test/user-store-test-database';
import { OutboxRepository } from './outbox.repository';
import { userEvents } from './user-events';

/**
 * A sync's `user.created.v1` events take their user from the store when
 * published (CreatedEventsReadTheirUser1801000000000), yet always say what
 * was created: a change or deletion of the user first writes the user as
 * it was into the event, and the relay writes it in when it publishes.
 */
describe('created events that read their user', () => {
  let db: UserStoreTestDatabase;
  let store: ReturnType<UserStoreTestDatabase['services']>;
  const clients: Client[] = [];

  beforeAll(async () => {
    db = await UserStoreTestDatabase.create();
  });
  beforeEach(async () => {
    await db.empty();
    store = db.services();
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) await client.end();
  });
  afterAll(async () => {
    await db?.close();
  });

  const ann = directoryUser('ann', { emailAddresses: ['ann@example.com', 'a.nn@example.com'] });
  const create = (privileges: Privilege[] = [Privilege.LogOn]): PlannedUserChange => ({
    action: 'create',
    userName: ann.userName,
    directoryUser: ann,
    privileges,
  });

  /** Applies a first sync that creates ann; returns the run's id and ann's created event as the store would publish it now. */
  async function createAnn() {
    const run = await store.leasedSyncRun();
    await store.applyPlan.apply(await store.stagePlan(run, [create()]));
    const user = await store.queries.findByUserName('ann');
    if (!user) throw new Error('ann was not created');
    return { runId: run.runId, user, created: userEvents.created(user, run.runId).payload };
  }

  const createdEvent = async () => {
    const [row] = await db.query<{ payload: unknown; snapshot_user_id: string | null }>(
      `SELECT payload, snapshot_user_id FROM outbox_events WHERE routing_key = 'user.created.v1'`,
    );
    return row;
  };

  it('writes the event without its user, naming the user instead', async () => {
    const { runId, user } = await createAnn();

    expect(await createdEvent()).toEqual({ payload: { runId }, snapshot_user_id: user.id });
  });

  it('gives the relay the event with the user as stored, and keeps it whole once published', async () => {
    const { created } = await createAnn();

    const outbox = new OutboxRepository(db.dataSource);

    const claimed = await db.dataSource.transaction(async (tx) => {
      const rows = await outbox.claimUnpublished(tx, 10);
      await outbox.markPublished(
        tx,
        rows.map((row) => row.id),
      );
      return rows;
    });

    expect(claimed.find((row) => row.routingKey === 'user.created.v1')?.payload).toEqual(created);
    expect(await createdEvent()).toEqual({ payload: created, snapshot_user_id: null });
  });

  it('keeps the user as created when the user is changed before the event is published', async () => {
    const { user, created } = await createAnn();

    // As the store changes a user: the user's row first, then the addresses.
    await db.query(`UPDATE users SET full_name = 'Ann Changed', privileges = '{}' WHERE id = $1`, [
      user.id,
    ]);
    await db.query(`DELETE FROM user_email_addresses WHERE user_id = $1`, [user.id]);

    expect(await createdEvent()).toEqual({ payload: created, snapshot_user_id: null });
  });

  it('keeps the user as created, addresses included, when the user is deleted before the event is published', async () => {
    const { user, created } = await createAnn();

    await db.query(`DELETE FROM users WHERE id = $1`, [user.id]);

    expect(await createdEvent()).toEqual({ payload: created, snapshot_user_id: null });
    expect(
      await db.query('SELECT * FROM user_email_addresses WHERE user_id = $1', [user.id]),
    ).toEqual([]);
  });

  it('leaves the event waiting when the change rolls back', async () => {
    const { user } = await createAnn();

    await db.dataSource
      .transaction(async (tx) => {
        await tx.query(`UPDATE users SET full_name = 'Ann Changed' WHERE id = $1`, [user.id]);
        throw new Error('rolled back');
      })
      .catch(() => undefined);

    expect((await createdEvent())?.snapshot_user_id).toBe(user.id);
  });

  it('publishes the user as created when a change waits for the relay that holds the event', async () => {
    const { user, created } = await createAnn();
    const other = new Client({ connectionString: db.database.url });
    await other.connect();
    clients.push(other);
    let change: Promise<unknown> | undefined;

    const outbox = new OutboxRepository(db.dataSource);

    await db.dataSource.transaction(async (tx) => {
      const claimed = await outbox.claimUnpublished(tx, 10);
      // The change's trigger wants the event's row, which the relay holds until it commits.
      change = other.query(`UPDATE users SET full_name = 'Ann Changed' WHERE id = $1`, [user.id]);
      await waitUntil(
        async () => {
          const [row] = await db.query<{ waiting: number }>(
            `SELECT count(*)::int AS waiting FROM pg_stat_activity
              WHERE datname = current_database() AND wait_event_type = 'Lock'`,
          );
          return (row?.waiting ?? 0) >= 1;
        },
        10_000,
        20,
      );
      await outbox.markPublished(
        tx,
        claimed.map((row) => row.id),
      );
    });
    await change;

    expect(await createdEvent()).toEqual({ payload: created, snapshot_user_id: null });
    expect((await store.queries.findByUserName('ann'))?.fullName).toBe('Ann Changed');
  });
});
