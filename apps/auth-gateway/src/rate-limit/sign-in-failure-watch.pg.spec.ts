import 'pg';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { serversEnv, ThrowawayDatabase, waitUntil } from '@dirsync/testing';
import type { AuthGatewayEnv } from '../config/auth-gateway.env';
import { SignInFailures1795900000000 } from '../database/migrations/1795900000000-sign-in-failures';
import { SignInFailureNotices1796100000000 } from '../database/migrations/1796100000000-sign-in-failure-notices';
import { SignInFailureWatch } from './sign-in-failure-watch';
import { SignInFailuresRepository } from './sign-in-failures.repository';

/**
 * The watch on the test PostgreSQL, in a database of its own with the
 * migrations applied: what it knows without a query comes from PostgreSQL's
 * notices (a failure recorded by any instance) and from the table as it was
 * when the watch began listening; it is not trusted while its connection is gone.
 */
describe(SignInFailureWatch.name, () => {
  let database: ThrowawayDatabase;
  let dataSource: DataSource;
  /** Another instance's repository, recording failures. */
  let failures: SignInFailuresRepository;
  const watches: SignInFailureWatch[] = [];

  const startWatch = async () => {
    const watch = new SignInFailureWatch({
      DATABASE_URL: database.url,
      RATE_LIMIT_WINDOW_SECONDS: 60,
    } as AuthGatewayEnv);
    watches.push(watch);
    watch.onApplicationBootstrap();
    await waitUntil(() => watch.trusted);
    return watch;
  };
  /** Records a failure at another instance and resolves once `watch` has its notices. */
  const recordSeenBy = async (watch: SignInFailureWatch, user: string, client: string | null) => {
    const before = watch.noticesReceived;
    await failures.record(user, client);
    await waitUntil(() => watch.noticesReceived >= before + (client === null ? 1 : 2));
  };

  beforeAll(async () => {
    // The lost connection below is on purpose: its warnings would only be noise.
    Logger.overrideLogger(false);
    database = await ThrowawayDatabase.create(serversEnv().DATABASE_URL, 'authgw');
    dataSource = new DataSource({
      type: 'postgres',
      url: database.url,
      migrations: [SignInFailures1795900000000, SignInFailureNotices1796100000000],
      migrationsTableName: 'auth_gateway_migrations',
    });
    await dataSource.initialize();
    await dataSource.runMigrations();
    failures = new SignInFailuresRepository(dataSource);
  });

  afterAll(async () => {
    for (const watch of watches) await watch.onApplicationShutdown();
    await dataSource?.destroy();
    await database?.drop();
  });

  it('knows nothing of failures it was never told of, and cannot be trusted before it listens', async () => {
    const unstarted = new SignInFailureWatch({
      DATABASE_URL: database.url,
      RATE_LIMIT_WINDOW_SECONDS: 60,
    } as AuthGatewayEnv);
    expect(unstarted.mayHaveFailures('nobody', '10.0.0.1')).toBe(true);

    const watch = await startWatch();
    expect(watch.mayHaveFailures('nobody', '10.0.0.1')).toBe(false);
  });

  it("learns of another instance's failure from its notice, for the name and for the address", async () => {
    const watch = await startWatch();

    await recordSeenBy(watch, 'anna', '10.1.0.1');

    expect(watch.mayHaveFailures('anna', '10.1.0.99')).toBe(true);
    expect(watch.mayHaveFailures('bert', '10.1.0.1')).toBe(true);
    expect(watch.mayHaveFailures('bert', '10.1.0.99')).toBe(false);
  });

  it.each([
    ['a NUL character (stored as U+FFFD)', 'nul\u0000name'],
    ['letters beyond ASCII', 'jürgen-ß-日本'],
  ])('names keys with %s as the trigger does', async (_, userName) => {
    const watch = await startWatch();

    await recordSeenBy(watch, userName, null);

    expect(watch.mayHaveFailures(userName, null)).toBe(true);
  });

  it('knows the failures recorded before it began to listen, within the window only', async () => {
    await failures.record('early', '10.2.0.1');
    await dataSource.query(
      `INSERT INTO auth_sign_in_failures (scope, key, failed_at) VALUES ('user', 'long-ago', clock_timestamp() - interval '2 minutes')`,
    );

    const watch = await startWatch();

    expect(watch.mayHaveFailures('early', null)).toBe(true);
    expect(watch.mayHaveFailures('someone', '10.2.0.1')).toBe(true);
    expect(watch.mayHaveFailures('long-ago', null)).toBe(false);
  });

  it('knows at once a failure its own instance noted, before any notice', async () => {
    const watch = await startWatch();

    watch.noteFailure('carla', '10.3.0.1');

    expect(watch.mayHaveFailures('carla', null)).toBe(true);
    expect(watch.mayHaveFailures('other', '10.3.0.1')).toBe(true);
  });

  it('is not trusted once its connection is gone, and comes back knowing what happened meanwhile', async () => {
    const watch = await startWatch();

    await dataSource.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE application_name = 'auth-gateway failure notices' AND datname = current_database()`,
    );
    await waitUntil(() => !watch.trusted);
    expect(watch.mayHaveFailures('dora', null)).toBe(true);
    // Recorded while it was not listening: no notice reaches it.
    await failures.record('dora', null);

    await waitUntil(() => watch.trusted, 20_000);
    expect(watch.mayHaveFailures('dora', null)).toBe(true);
    expect(watch.mayHaveFailures('someone-else', null)).toBe(false);
  }, 30_000);
});
