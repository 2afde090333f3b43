import { Privilege, type PlannedUserChange } from '@dirsync/contracts';
import { topology } from '@dirsync/messaging';
import { directoryUser, EventCapture, serversEnv } from '@dirsync/testing';
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
    await db.empty();
    broker.events.events.length = 0;
  });

  const outboxRows = () =>
    db.query<{
      id: string;
      routing_key: string;
      created_at: Date;
      published_at: Date | null;
      attempts: number;
      last_error: string | null;
    }>(
      'SELECT id, routing_key, created_at, published_at, attempts, last_error FROM outbox_events ORDER BY sequence',
    );

  /** The outbox's user.created.v1 rows (an apply also writes its run's sync.run.completed.v1). */
  const createdRows = async () =>
    (await outboxRows()).filter((row) => row.routing_key === 'user.created.v1');

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
    // Every event of the namespace, the run's as well as the users'.
    const all = await EventCapture.start(
      serversEnv().AMQP_URL,
      topology.eventsExchange(broker.namespace),
    );
    try {
      const store = db.services(broker.publisher());
      const run = await store.leasedSyncRun();
      await store.applyPlan.apply(await store.stagePlan(run, creates(3)));

      const published = await store.relay.drain();

      expect(published).toBe(4);
      const rows = await outboxRows();
      expect(rows.map((row) => row.routing_key)).toEqual([
        'user.created.v1',
        'user.created.v1',
        'user.created.v1',
        'sync.run.completed.v1',
      ]);
      await all.waitFor('sync.run.completed.v1', 1);
      await all.catchUp();
      expect(all.events.map((event) => event.body['eventId'])).toEqual(rows.map((row) => row.id));
      expect(all.events.map((event) => event.messageId)).toEqual(rows.map((row) => row.id));
      expect(all.events[0]?.body).toMatchObject({
        runId: run.runId,
        occurredAt: rows[0]?.created_at.toISOString(),
        user: { userName: 'user0', privileges: ['log-on'] },
      });
      expect(all.events[3]?.body).toMatchObject({ runId: run.runId, mode: 'sync' });
      expect(rows.every((row) => row.published_at !== null)).toBe(true);
      expect(await store.relay.drain()).toBe(0);
      await all.catchUp();
      expect(all.events).toHaveLength(4);
    } finally {
      await all.stop();
    }
  });

  it('keeps the events while RabbitMQ is unreachable and publishes them once a working publisher is used', async () => {
    const down = db.services(await broker.deadPublisher());
    await down.applyPlan.apply(await down.stagePlan(await down.leasedSyncRun(), creates(3)));

    expect(await down.relay.drain()).toBe(0);

    const waiting = await outboxRows();
    expect(waiting).toHaveLength(4); // 3 users created, 1 run completed
    expect(waiting.every((row) => row.published_at === null && row.attempts === 1)).toBe(true);
    expect(waiting[0]?.last_error).toMatch(/ECONNREFUSED/);
    expect(broker.events.events).toEqual([]);

    const up = db.services(broker.publisher());
    expect(await up.relay.drain()).toBe(4);

    const events = await received(3);
    expect(events.map((event) => event.body['eventId'])).toEqual(
      waiting.filter((row) => row.routing_key === 'user.created.v1').map((row) => row.id),
    );
    expect((await outboxRows()).every((row) => row.published_at !== null)).toBe(true);
  });

  it('publishes each event once and in order when several instances relay at the same time', async () => {
    const store = db.services();
    await store.applyPlan.apply(await store.stagePlan(await store.leasedSyncRun(), creates(700)));
    const instances = [
      db.services(broker.publisher()),
      db.services(broker.publisher()),
      db.services(broker.publisher()),
    ];

    const counts = await Promise.all(instances.map((instance) => instance.relay.drain()));
    // An instance that found the relay lock taken did nothing; whatever was
    // left is picked up by the next pass (the timer's, here a second drain).
    const more = await Promise.all(instances.map((instance) => instance.relay.drain()));

    // 700 users created and the run's completed event.
    expect([...counts, ...more].reduce((sum, count) => sum + count, 0)).toBe(701);
    const events = await received(700);
    const ids = (await createdRows()).map((row) => row.id);
    expect(events.map((event) => event.body['eventId'])).toEqual(ids);
  });

  it('publishes right after a commit once started, without waiting for the timer', async () => {
    // The test services' relay has a one-minute timer: only the commit's kick can be this quick.
    const store = db.services(broker.publisher());
    store.relay.onApplicationBootstrap();
    try {
      await store.applyPlan.apply(
        await store.stagePlan(await store.leasedSyncRun(), creates(2, 'kicked')),
      );

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
    await store.applyPlan.apply(await store.stagePlan(await store.leasedSyncRun(), creates(3)));
    await store.relay.drain();
    await received(3);
    await store.applyPlan.apply(
      await store.stagePlan(await store.leasedSyncRun(), creates(2, 'later')),
    );
    const [oldest] = await outboxRows();
    await db.query(
      "UPDATE outbox_events SET published_at = now() - interval '8 days' WHERE id = $1",
      [oldest!.id],
    );

    const deleted = await store.relay.pruneNow(Date.now(), true);

    expect(deleted).toBe(1);
    const left = await outboxRows();
    // Each apply also wrote its run's completed event: 4 published (one of them now gone), 3 not.
    expect(left).toHaveLength(6);
    expect(left.filter((row) => row.published_at === null)).toHaveLength(3);
  });
});
