import { Privilege, type PlannedUserChange } from '@dirsync/contracts';
import { directoryUser } from '@dirsync/testing';
import { TestBroker } from '../../test/test-broker';
import { UserStoreTestDatabase } from '../../test/user-store-test-database';
import { OutboxRelay } from './outbox-relay';

const creates = (count: number, prefix = 'user'): PlannedUserChange[] =>
  Array.from({ length: count }, (_, i) => ({
    action: 'create',
    userName: `${prefix}${i}`,
    directoryUser: directoryUser(`${prefix}${i}`),
    privileges: [Privilege.LogOn],
  }));

describe(OutboxRelay.name, () => {
  let db: UserStoreTestDatabase;
  let broker: TestBroker;

  beforeAll(async () => {
    db = await UserStoreTestDatabase.create();
    broker = await TestBroker.start();
  });
  afterAll(async () => {
    await broker?.close();
    await db?.close();
  });
  beforeEach(async () => {
    await db.query('TRUNCATE users, user_email_addresses, archive_folders, outbox_events');
    broker.events.events.length = 0;
  });

  const outboxRows = () =>
    db.query<{
      id: string;
      created_at: Date;
      published_at: Date | null;
      attempts: number;
      last_error: string | null;
    }>(
      'SELECT id, created_at, published_at, attempts, last_error FROM outbox_events ORDER BY sequence',
    );

  /**
   * Waits for `count` events, then until the capture has everything the
   * broker confirmed: called after the relay's pass resolved (its publishes
   * confirmed), a duplicate would have arrived by then.
   */
  async function received(count: number) {
    await broker.events.waitFor('user.created.v1', count);
    await broker.events.catchUp();
    return broker.events.of('user.created.v1');
  }

  it('publishes each committed event once, in order, with the outbox id as eventId, and marks it published', async () => {
    const store = db.services(broker.publisher());
    await store.applyPlan.apply({ runId: 'run-1', changes: creates(3) });

    const published = await store.relay.drain();

    expect(published).toBe(3);
    const rows = await outboxRows();
    const events = await received(3);
    expect(events.map((event) => event.body['eventId'])).toEqual(rows.map((row) => row.id));
    expect(events.map((event) => event.messageId)).toEqual(rows.map((row) => row.id));
    expect(events[0]?.body).toMatchObject({
      runId: 'run-1',
      occurredAt: rows[0]?.created_at.toISOString(),
      user: { userName: 'user0', privileges: ['log-on'] },
    });
    expect(rows.every((row) => row.published_at !== null)).toBe(true);
    expect(await store.relay.drain()).toBe(0);
    await broker.events.catchUp();
    expect(broker.events.of('user.created.v1')).toHaveLength(3);
  });

  it('keeps the events while RabbitMQ is unreachable and publishes them once a working publisher is used', async () => {
    const down = db.services(await broker.deadPublisher());
    await down.applyPlan.apply({ runId: 'run-1', changes: creates(3) });

    expect(await down.relay.drain()).toBe(0);

    const waiting = await outboxRows();
    expect(waiting).toHaveLength(3);
    expect(waiting.every((row) => row.published_at === null && row.attempts === 1)).toBe(true);
    expect(waiting[0]?.last_error).toMatch(/ECONNREFUSED/);
    expect(broker.events.events).toEqual([]);

    const up = db.services(broker.publisher());
    expect(await up.relay.drain()).toBe(3);

    const events = await received(3);
    expect(events.map((event) => event.body['eventId'])).toEqual(waiting.map((row) => row.id));
    expect((await outboxRows()).every((row) => row.published_at !== null)).toBe(true);
  });

  it('publishes each event once and in order when several instances relay at the same time', async () => {
    await db.services().applyPlan.apply({ runId: 'run-1', changes: creates(700) });
    const instances = [
      db.services(broker.publisher()),
      db.services(broker.publisher()),
      db.services(broker.publisher()),
    ];

    const counts = await Promise.all(instances.map((instance) => instance.relay.drain()));
    // An instance that found the relay lock taken did nothing; whatever was
    // left is picked up by the next pass (the timer's, here a second drain).
    const more = await Promise.all(instances.map((instance) => instance.relay.drain()));

    expect([...counts, ...more].reduce((sum, count) => sum + count, 0)).toBe(700);
    const events = await received(700);
    const ids = (await outboxRows()).map((row) => row.id);
    expect(events.map((event) => event.body['eventId'])).toEqual(ids);
  });

  it('publishes right after a commit once started, without waiting for the timer', async () => {
    // The test services' relay has a one-minute timer: only the commit's kick can be this quick.
    const store = db.services(broker.publisher());
    store.relay.onApplicationBootstrap();
    try {
      await store.applyPlan.apply({ runId: 'run-1', changes: creates(2, 'kicked') });

      const events = await broker.events.waitFor('user.created.v1', 2, 5_000);
      expect(events.map((event) => (event.body['user'] as { userName: string }).userName)).toEqual([
        'kicked0',
        'kicked1',
      ]);
    } finally {
      await store.relay.onModuleDestroy();
    }
  });

  it('deletes published events past their retention, never unpublished ones', async () => {
    const store = db.services(broker.publisher());
    await store.applyPlan.apply({ runId: 'run-1', changes: creates(3) });
    await store.relay.drain();
    await received(3);
    await store.applyPlan.apply({ runId: 'run-2', changes: creates(2, 'later') });
    const [oldest] = await outboxRows();
    await db.query(
      "UPDATE outbox_events SET published_at = now() - interval '8 days' WHERE id = $1",
      [oldest!.id],
    );

    const deleted = await store.relay.pruneNow(Date.now(), true);

    expect(deleted).toBe(1);
    const left = await outboxRows();
    expect(left).toHaveLength(4);
    expect(left.filter((row) => row.published_at === null)).toHaveLength(2);
  });
});
