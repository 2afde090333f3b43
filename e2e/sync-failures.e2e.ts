import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import {
  DirsyncSystem,
  EventCapture,
  PrivateServer,
  REPO_ROOT,
  waitUntil,
  writeUsersDirectoryLdif,
} from '@dirsync/testing';
import { openLdapSample } from './support/demo-directory';

/**
 * Fail-closed under real outages, on servers of the test's own (stopping the
 * shared ones would break other tests): a directory that goes away in the
 * middle of a run changes nothing, and a broker that goes away loses no
 * committed change's event.
 */
describe('synchronization under outages', () => {
  // Large enough that a read takes a while and the relay needs seconds to publish a first sync's events.
  const users = 20_000;
  const ldif = join(REPO_ROOT, '.state', `outage-directory-${process.pid}.ldif`);

  beforeAll(() => writeUsersDirectoryLdif(ldif, users), 60_000);
  afterAll(() => rm(ldif, { force: true }));

  describe('slapd stopped in the middle of a run', () => {
    let slapd: PrivateServer;
    let system: DirsyncSystem;

    beforeAll(async () => {
      slapd = await PrivateServer.slapd(ldif);
      // A first sync of 20,000 users on a busy 2-core machine can take longer than the tests' usual 20 s per reply.
      system = await DirsyncSystem.start({ env: { RPC_TIMEOUT_MS: '120000' } });
      const settings = openLdapSample({
        ...system.servers,
        LDAP_PORT: String(slapd.ports['ldap']),
      });
      settings.options.autoDeleteUsers = true;
      settings.connection.operationTimeoutMs = 5_000;
      expect((await system.admin('PUT', '/directory/settings', settings)).status).toBe(200);
      const first = await system.admin('POST', '/directory/sync?wait=true');
      expect(first.body.plan?.counts.create).toBe(users);
    }, 240_000);

    afterAll(async () => {
      await system?.stop();
      await slapd?.destroy();
    }, 60_000);

    it('fails the run and changes nothing, not even with auto-delete on', async () => {
      const before = await system.database.query(
        'SELECT id, user_name, dn, updated_at FROM users ORDER BY id',
      );
      // Frozen, slapd takes the reader's connection but answers nothing: the run is
      // certainly in the middle of its read when slapd then dies (SIGKILL works on a
      // frozen process and closes its connections at once).
      await slapd.signalSlapd('SIGSTOP');
      const run = system.admin('POST', '/directory/sync?wait=true');
      await waitUntil(async () => {
        const { body: runs } = await system.admin('GET', '/directory/runs?limit=1');
        return runs[0]?.state === 'running' && runs[0]?.progress?.phase === 'reading';
      }, 30_000);
      await slapd.signalSlapd('SIGKILL');
      const { status, body } = await run;
      expect(status).toBeGreaterThanOrEqual(500);
      expect(body.code).toMatch(/^ldap-/);
      expect(
        await system.database.query('SELECT id, user_name, dn, updated_at FROM users ORDER BY id'),
      ).toEqual(before);
      const [outbox] = await system.database.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM outbox_events WHERE routing_key = 'user.deleted.v1'",
      );
      expect(outbox!.n).toBe(0);
      await slapd.start();
    }, 120_000);
  });

  describe('RabbitMQ stopped during a sync and started again', () => {
    let broker: PrivateServer;
    let slapd: PrivateServer;
    let system: DirsyncSystem;

    beforeAll(async () => {
      [broker, slapd] = await Promise.all([PrivateServer.rabbitmq(), PrivateServer.slapd(ldif)]);
      system = await DirsyncSystem.start({ amqpUrl: broker.amqpUrl });
      const settings = openLdapSample({
        ...system.servers,
        LDAP_PORT: String(slapd.ports['ldap']),
      });
      expect((await system.admin('PUT', '/directory/settings', settings)).status).toBe(200);
    }, 240_000);

    afterAll(async () => {
      await system?.stop();
      await Promise.all([broker?.destroy(), slapd?.destroy()]);
    }, 60_000);

    it('publishes the event of every committed change once the broker is back', async () => {
      // A subscriber's durable queue, bound before anything happens, as another team's would be.
      const queue = `${system.namespace}.subscriber`;
      await (
        await EventCapture.start(broker.amqpUrl, `${system.namespace}.events`, 'user.#', queue)
      ).stop();

      const sync = system
        .admin('POST', '/directory/sync?wait=true')
        .catch((error: unknown) => error);
      // Stop the broker the moment user-store has committed, while the events are going out.
      await waitUntil(async () => (await countOutbox(system)).total > 0, 60_000);
      await broker.stop();
      const atStop = await countOutbox(system);
      expect(atStop.total).toBe(users);
      expect(atStop.unpublished).toBeGreaterThan(0);
      await sync;

      await broker.start();
      const after = await EventCapture.start(
        broker.amqpUrl,
        `${system.namespace}.events`,
        'user.#',
        queue,
      );
      try {
        await waitUntil(async () => (await countOutbox(system)).unpublished === 0, 90_000);
        // At least once: an event whose confirm the broker's stop cut off is sent
        // again, so count distinct message ids, not deliveries.
        const distinct = () => new Set(after.of('user.created.v1').map((event) => event.messageId));
        await waitUntil(() => distinct().size >= users, 90_000).catch(() => {
          // The comparison below names what is missing.
        });
        const committed = await system.database.query<{ id: string }>(
          "SELECT id FROM outbox_events WHERE routing_key = 'user.created.v1'",
        );
        expect(distinct()).toEqual(new Set(committed.map((row) => row.id)));
      } finally {
        await after.stop();
      }
    }, 240_000);
  });
});

async function countOutbox(system: DirsyncSystem) {
  const [row] = await system.database.query<{ total: number; unpublished: number }>(
    "SELECT count(*)::int AS total, count(*) FILTER (WHERE published_at IS NULL)::int AS unpublished FROM outbox_events WHERE routing_key LIKE 'user.%'",
  );
  return row ?? { total: 0, unpublished: 0 };
}
