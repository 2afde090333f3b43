import { randomBytes } from 'node:crypto';
import type { ServiceName } from '@dirsync/contracts';
import {
  ALL_SERVICES,
  DirsyncSystem,
  organizationalUnit,
  person,
  SlapdFixture,
  waitUntil,
} from '@dirsync/testing';
import { DEMO, openLdapSample } from './support/demo-directory';

/**
 * Issue "The message backbone…", item 6: two instances of each of the five
 * services on one broker (competing consumers on the request queues) and one
 * database. README, "Scaling out".
 */
describe('two instances of every service', () => {
  let system: DirsyncSystem;
  let ldap: SlapdFixture;
  /** Users of the fixture OU, enough that a sync is still running when instances are killed. */
  const FIXTURE_USERS = 2_000;

  const env = {
    SIGN_IN_FAILURE_MIN_MS: '50',
    SCHEDULER_TICK_SECONDS: '1',
    // The balancer in front of the HTTP services is this test, on loopback.
    TRUST_PROXY: 'loopback',
    // One transport key for every instance (secrets that cross the broker are sealed with it).
    TRANSPORT_SEALING_KEYS: `t1:${randomBytes(32).toString('base64')}`,
  };

  /** An admin call through one config-api instance. */
  const adminAt = async (instance: number, method: string, path: string, body?: unknown) => {
    const response = await fetch(system.instanceUrl('config-api', instance, `/api/v1${path}`), {
      method,
      headers: { authorization: `Bearer ${system.adminToken}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  };
  const signInAt = (instance: number, userName: string, password: string) =>
    fetch(system.instanceUrl('auth-gateway', instance, '/api/v1/sessions/password'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userName, password }),
    });
  /** Both instances of each service, started at the same moment. */
  const startPair = (name: ServiceName) =>
    Promise.all([system.startService(name, env), system.startInstance(name, 2, env)]);
  const userEvents = () =>
    system.events.events.filter((event) => event.routingKey.startsWith('user.'));
  const userCount = async () =>
    (await system.database.query<{ n: number }>('SELECT count(*)::int AS n FROM users'))[0]!.n;

  beforeAll(async () => {
    system = await DirsyncSystem.start({ services: [] });
    // The database is empty: the first instances of user-store, config-api and
    // auth-gateway each find their migrations pending, two at the same moment.
    for (const name of ALL_SERVICES) await startPair(name);
    ldap = await SlapdFixture.create();
    const people = `ou=people,${ldap.baseDn}`;
    await ldap.add([
      organizationalUnit(ldap.baseDn, 'people'),
      ...Array.from({ length: FIXTURE_USERS }, (_, i) =>
        person(people, `scale${String(i).padStart(5, '0')}`, {
          displayName: `Scale Person ${i}`,
          mail: `scale${i}@example.com`,
        }),
      ),
    ]);
  }, 240_000);

  afterAll(async () => {
    await ldap?.destroy();
    await system?.stop();
  }, 60_000);

  it('starts two user-stores, config-apis and auth-gateways at once on an empty database: each migration applied once, none retried', async () => {
    for (const table of [
      'user_store_migrations',
      'config_api_migrations',
      'auth_gateway_migrations',
    ]) {
      const rows = await system.database.query<{ name: string; n: number }>(
        `SELECT name, count(*)::int AS n FROM ${table} GROUP BY name`,
      );
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.filter((row) => row.n !== 1)).toEqual([]);
    }
    // Nest retries a DataSource whose migrations failed: a lost race would come up healthy
    // on its second try, so the logs must show no failed migration and no retry.
    const trouble = system.processes
      .allOutput()
      .filter((line) => /already exists|Retrying|Migration .* failed|duplicate key/i.test(line));
    expect(trouble).toEqual([]);
    for (const name of ALL_SERVICES) {
      for (const instance of [1, 2]) {
        const health = await fetch(system.instanceUrl(name, instance, '/health'));
        expect(health.status).toBe(200);
      }
    }
  });

  it('saves through one config-api and tests and synchronizes through the other', async () => {
    expect(
      (await adminAt(1, 'PUT', '/directory/settings', openLdapSample(system.servers))).status,
    ).toBe(200);
    const tested = await adminAt(2, 'POST', '/directory/test?wait=true');
    expect(tested.body).toEqual(expect.objectContaining({ state: 'succeeded', applied: false }));
    expect(tested.body.plan.counts.create).toBe(DEMO.usersInScope);

    const synced = await adminAt(2, 'POST', '/directory/sync?wait=true');
    expect(synced.body).toEqual(expect.objectContaining({ state: 'succeeded', applied: true }));
    expect(await userCount()).toBe(DEMO.usersInScope);
    // The run is the same record through either instance.
    expect((await adminAt(1, 'GET', `/directory/runs/${synced.body.id}`)).body.state).toBe(
      'succeeded',
    );
    // Each created user's event once, whichever user-store relayed it.
    await waitUntil(
      () =>
        userEvents().filter((event) => event.body['runId'] === synced.body.id).length >=
        DEMO.usersInScope,
      20_000,
    );
    const ids = userEvents()
      .filter((event) => event.body['runId'] === synced.body.id)
      .map((event) => event.body['eventId']);
    expect(new Set(ids).size).toBe(DEMO.usersInScope);
    expect(ids).toHaveLength(DEMO.usersInScope);
  });

  it('signs in through either auth-gateway, and a session one issues is valid at the other', async () => {
    for (const instance of [1, 2]) {
      const response = await signInAt(instance, 'jgarcia', DEMO.password);
      expect(response.status).toBe(200);
      const { token } = (await response.json()) as { token: string };
      const verified = await fetch(
        system.instanceUrl('auth-gateway', 3 - instance, '/api/v1/sessions/verify'),
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ token }),
        },
      );
      expect(await verified.json()).toEqual(expect.objectContaining({ userName: 'jgarcia' }));
    }
  });

  it('keeps a console session (cookie and CSRF token) valid at either config-api: sessions are in PostgreSQL', async () => {
    const signedIn = await fetch(system.instanceUrl('config-api', 1, '/api/v1/console/session'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ adminToken: system.adminToken }),
    });
    expect(signedIn.status).toBe(200);
    const { csrfToken } = (await signedIn.json()) as { csrfToken: string };
    const cookie = signedIn.headers.get('set-cookie')!.split(';')[0]!;
    const atTheOther = (method: string, headers: Record<string, string> = {}) =>
      fetch(system.instanceUrl('config-api', 2, '/api/v1/console/session'), {
        method,
        headers: { cookie, ...headers },
      });

    expect((await atTheOther('GET')).status).toBe(200);
    expect((await atTheOther('DELETE')).status).toBe(403);
    expect((await atTheOther('DELETE', { 'x-csrf-token': csrfToken })).status).toBe(204);
    // Signed out at one instance, the session is gone at both.
    const atTheFirst = await fetch(system.instanceUrl('config-api', 1, '/api/v1/console/session'), {
      headers: { cookie },
    });
    expect(atTheFirst.status).toBe(401);
  });

  it('admits a console reached over https through a balancer that ends TLS (TRUST_PROXY)', async () => {
    const behindTheBalancer = (instance: number, cookie?: string) => ({
      'x-forwarded-proto': 'https',
      // The balancer passes the Host through; the browser's Origin is that host over https.
      origin: `https://${new URL(system.instanceUrl('config-api', instance, '')).host}`,
      ...(cookie ? { cookie } : {}),
    });
    const signedIn = await fetch(system.instanceUrl('config-api', 2, '/api/v1/console/session'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...behindTheBalancer(2) },
      body: JSON.stringify({ adminToken: system.adminToken }),
    });
    expect(signedIn.status).toBe(200);
    const setCookie = signedIn.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/^__Host-/);
    expect(setCookie).toMatch(/;\s*Secure/i);

    const current = await fetch(system.instanceUrl('config-api', 1, '/api/v1/console/session'), {
      headers: behindTheBalancer(1, setCookie.split(';')[0]),
    });
    expect(current.status).toBe(200);
  });

  it("counts a user name's failures at either auth-gateway against one limit", async () => {
    // RATE_LIMIT_MAX_FAILURES_PER_USER is 5: three failures through one, two through the other.
    for (const instance of [1, 2, 1, 2, 1])
      expect((await signInAt(instance, 'cdubois', 'wrong')).status).toBe(401);

    expect((await signInAt(2, 'cdubois', DEMO.password)).status).toBe(429);
    expect((await signInAt(1, 'cdubois', DEMO.password)).status).toBe(429);
    expect((await signInAt(2, 'rjimenez', DEMO.password)).status).toBe(200);
  });

  it('starts one scheduled sync for a slot, not one per config-api', async () => {
    const settings = openLdapSample(system.servers);
    const scheduled = {
      ...settings,
      options: { ...settings.options, schedule: { cron: '* * * * *' } },
    };
    expect((await adminAt(2, 'PUT', '/directory/settings', scheduled)).status).toBe(200);
    const schedulerRuns = async () =>
      ((await adminAt(1, 'GET', '/directory/runs?limit=50')).body as any[]).filter(
        (run) => run.requestedBy === 'scheduler',
      );
    // The next minute's slot (at most a minute away): its run, ended.
    let first: any;
    await waitUntil(
      async () => {
        first = (await schedulerRuns())[0];
        return first?.state === 'succeeded' || first?.state === 'failed';
      },
      90_000,
      250,
    );
    // Both instances have looked at the schedule since that run was recorded: each
    // logged the next slot as due, a minute after the run's.
    const sawTheRun = (instance: number) =>
      system.processes.get('config-api', instance).output.some((line) => {
        if (!line.includes('schedule checked')) return false;
        const due = (JSON.parse(line) as { due?: string }).due;
        return due !== undefined && new Date(due) > new Date(first.createdAt);
      });
    await waitUntil(() => sawTheRun(1) && sawTheRun(2), 30_000, 100);

    expect((await schedulerRuns()).map((run) => run.id)).toEqual([first.id]);
    expect(first.state).toBe('succeeded');
    expect((await adminAt(1, 'PUT', '/directory/settings', settings)).status).toBe(200);
  }, 150_000);

  it('finishes a sync truthfully when one instance of every service is killed mid-run', async () => {
    expect((await adminAt(1, 'PUT', '/directory/settings', ldap.settings())).status).toBe(200);
    const before = await userCount();
    // Both directory-readers frozen (SIGSTOP): the run is claimed and waits for its
    // read, so it is certainly in the middle when the instances die.
    const readers = [1, 2].map((instance) => system.processes.get('directory-reader', instance));
    for (const reader of readers) reader.process.kill('SIGSTOP');
    let runId: string;
    try {
      const started = await adminAt(2, 'POST', '/directory/sync');
      expect(started.status).toBe(202);
      runId = started.body.id;
      let midRun: any;
      await waitUntil(async () => {
        midRun = (await adminAt(1, 'GET', `/directory/runs/${runId}`)).body;
        return midRun.state !== 'queued';
      }, 30_000);
      expect(midRun.state).toBe('running');

      await Promise.all(ALL_SERVICES.map((name) => system.processes.kill(name, 2)));
    } finally {
      readers[0]!.process.kill('SIGCONT');
    }

    let run: any;
    await waitUntil(
      async () => {
        run = (await adminAt(1, 'GET', `/directory/runs/${runId}`)).body;
        return run.state === 'succeeded' || run.state === 'failed';
      },
      90_000,
      200,
    );
    let applied: any = run;
    if (run.state === 'failed') {
      // Nothing of a failed run is applied, and a new run then succeeds.
      expect(await userCount()).toBe(before);
      expect(userEvents().filter((event) => event.body['runId'] === runId)).toEqual([]);
      applied = (await adminAt(1, 'POST', '/directory/sync?wait=true')).body;
      expect(applied.state).toBe('succeeded');
    }
    expect(applied).toEqual(expect.objectContaining({ state: 'succeeded', applied: true }));
    expect(applied.plan.counts.create).toBe(FIXTURE_USERS);
    expect(await userCount()).toBe(before + FIXTURE_USERS);
    // Every user event of the applied run delivered, each event id once.
    await waitUntil(
      () =>
        userEvents().filter((event) => event.body['runId'] === applied.id).length >= FIXTURE_USERS,
      30_000,
    );
    const ids = userEvents()
      .filter((event) => event.body['runId'] === applied.id)
      .map((event) => event.body['eventId']);
    expect(ids).toHaveLength(FIXTURE_USERS);
    expect(new Set(ids).size).toBe(FIXTURE_USERS);
    // No user event of the whole file was delivered twice.
    const deliveries = new Map<unknown, number>();
    for (const event of userEvents())
      deliveries.set(event.body['eventId'], (deliveries.get(event.body['eventId']) ?? 0) + 1);
    expect([...deliveries].filter(([, count]) => count !== 1)).toEqual([]);
    // Sign-in still works through the surviving gateway.
    expect((await signInAt(1, 'jgarcia', DEMO.password)).status).toBe(200);
  }, 180_000);
});
