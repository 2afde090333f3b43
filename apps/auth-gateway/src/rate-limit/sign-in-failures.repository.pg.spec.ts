import 'pg';
import { DataSource } from 'typeorm';
import { serversEnv, ThrowawayDatabase } from '@dirsync/testing';
import { SignInFailures1795900000000 } from '../database/migrations/1795900000000-sign-in-failures';
import { SignInFailuresRepository } from './sign-in-failures.repository';

/** The rate limits' SQL on the test PostgreSQL, in a database of its own with the migration applied. */
describe(SignInFailuresRepository.name, () => {
  const limits = { windowMs: 60_000, maxPerUser: 2, maxPerClient: 3 };
  let database: ThrowawayDatabase;
  let dataSource: DataSource;
  let sut: SignInFailuresRepository;

  beforeAll(async () => {
    database = await ThrowawayDatabase.create(serversEnv().DATABASE_URL, 'authgw');
    dataSource = new DataSource({
      type: 'postgres',
      url: database.url,
      migrations: [SignInFailures1795900000000],
      migrationsTableName: 'auth_gateway_migrations',
    });
    await dataSource.initialize();
    await dataSource.runMigrations();
    sut = new SignInFailuresRepository(dataSource);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  /** A failure that happened `agoMs` before now, by the database's clock. */
  const failedAgo = (scope: 'user' | 'client', key: string, agoMs: number) =>
    dataSource.query(
      `INSERT INTO auth_sign_in_failures (scope, key, failed_at) VALUES ($1, $2, clock_timestamp() - make_interval(secs => $3::float8))`,
      [scope, key, agoMs / 1000],
    );

  it('counts a user name and an address holding a NUL character (PostgreSQL text cannot store one)', async () => {
    await sut.record('nul\u0000name', '10.9.0.1\u0000');
    await sut.record('nul\u0000name', '10.9.0.1\u0000');

    const check = await sut.check('nul\u0000name', '10.9.0.1\u0000', limits);

    expect(check).toMatchObject({ userFailures: 2, retryAfterMs: expect.any(Number) });
    expect(check.retryAfterMs).toBeGreaterThan(0);
    await sut.clearUser('nul\u0000name');
    expect((await sut.check('nul\u0000name', null, limits)).userFailures).toBe(0);
  });

  it('allows a name and an address under their limits and says how many failures the name has', async () => {
    await sut.record('anna', '10.1.0.1');

    await expect(sut.check('anna', '10.1.0.1', limits)).resolves.toEqual({
      userFailures: 1,
      retryAfterMs: 0,
    });
  });

  it('refuses a name at its limit until the older of its last failures leaves the window', async () => {
    await failedAgo('user', 'bert', 20_000);
    await failedAgo('user', 'bert', 5_000);

    const { userFailures, retryAfterMs } = await sut.check('bert', null, limits);

    expect(userFailures).toBe(2);
    // Left the window 60 s after the older one, i.e. in about 40 s (the statement took some time).
    expect(retryAfterMs).toBeGreaterThan(30_000);
    expect(retryAfterMs).toBeLessThanOrEqual(40_000);
  });

  it('refuses an address at its limit, whichever names it tried', async () => {
    for (const name of ['c1', 'c2', 'c3']) await sut.record(name, '10.1.0.3');

    expect((await sut.check('someone-new', '10.1.0.3', limits)).retryAfterMs).toBeGreaterThan(0);
    expect((await sut.check('someone-new', '10.1.0.4', limits)).retryAfterMs).toBe(0);
  });

  it('ignores failures that left the window, and prune deletes them', async () => {
    await failedAgo('user', 'dora', 120_000);
    await failedAgo('user', 'dora', 90_000);

    expect(await sut.check('dora', null, limits)).toEqual({ userFailures: 0, retryAfterMs: 0 });
    expect(await sut.prune(limits.windowMs)).toBeGreaterThanOrEqual(2);
    const left = await database.query(`SELECT 1 FROM auth_sign_in_failures WHERE key = 'dora'`);
    expect(left).toEqual([]);
  });

  it("clears a name's failures, not its address's", async () => {
    await sut.record('emil', '10.1.0.5');
    await sut.record('emil', '10.1.0.5');

    await sut.clearUser('emil');

    const rows = await database.query(
      `SELECT scope, key FROM auth_sign_in_failures WHERE key IN ('emil', '10.1.0.5') ORDER BY scope`,
    );
    expect(rows).toEqual([
      { scope: 'client', key: '10.1.0.5' },
      { scope: 'client', key: '10.1.0.5' },
    ]);
  });

  it('records a failure without an address for the name only', async () => {
    await sut.record('fynn', null);

    const rows = await database.query(
      `SELECT scope FROM auth_sign_in_failures WHERE key = 'fynn' OR key IS NULL`,
    );
    expect(rows).toEqual([{ scope: 'user' }]);
  });
});
