import type { AuthGatewayEnv } from '../config/auth-gateway.env';
import { InMemorySignInFailures } from '../../test/in-memory-sign-in-failures';
import { InstantFailureWatch } from '../../test/instant-failure-watch';
import { SignInFailureWatch } from './sign-in-failure-watch';
import { SignInThrottle, TooManyAttemptsError } from './sign-in-throttle';

const ENV = {
  DATABASE_URL: 'postgres://unused@127.0.0.1/unused',
  RATE_LIMIT_WINDOW_SECONDS: 60,
  RATE_LIMIT_MAX_FAILURES_PER_USER: 3,
  RATE_LIMIT_MAX_FAILURES_PER_CLIENT: 5,
} as AuthGatewayEnv;

/**
 * The same rules whether every attempt is checked with the query (the watch
 * is not connected: never trusted) or attempts without known failures are
 * admitted by the watch without one.
 */
describe.each([
  ['every attempt checked in PostgreSQL', false],
  ['attempts without known failures admitted by the watch', true],
])(`${SignInThrottle.name}: %s`, (_, watched) => {
  let now: number;
  let failures: InMemorySignInFailures;
  let watch: SignInFailureWatch;
  let sut: SignInThrottle;

  beforeEach(() => {
    now = 1_000_000;
    failures = new InMemorySignInFailures(() => now);
    watch = watched
      ? new InstantFailureWatch(failures, ENV.RATE_LIMIT_WINDOW_SECONDS * 1000, () => now)
      : new SignInFailureWatch(ENV);
    sut = new SignInThrottle(failures, watch, ENV);
  });

  /** One whole attempt that fails. */
  const failOnce = async (userName: string, clientAddress: string | null) =>
    sut.failed(await sut.begin(userName, clientAddress));

  it('refuses a user name after its failures, whatever the case or spaces, with the seconds to wait', async () => {
    for (const typed of ['jdoe', 'JDoe', ' jdoe ']) await failOnce(typed, `10.0.0.${typed.length}`);
    now += 15_500;

    const error: unknown = await sut.begin('JDOE', '10.9.9.9').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(TooManyAttemptsError);
    expect(error).toMatchObject({ status: 429, code: 'too-many-attempts', retryAfterSeconds: 45 });
  });

  it('counts nothing while attempts are in progress: many people from one address are all let in', async () => {
    const attempts = await Promise.all(
      Array.from({ length: 40 }, (_, i) => sut.begin(`user${i}`, '198.51.100.1')),
    );
    await Promise.all(attempts.map((attempt) => sut.succeeded(attempt)));

    expect(attempts).toHaveLength(40);
    expect(failures.rows).toEqual([]);
  });

  it('counts a failure once it failed, for the name and the address', async () => {
    const attempt = await sut.begin('jdoe', '10.0.0.1');
    expect(failures.rows).toEqual([]);

    await sut.failed(attempt);

    expect(failures.rows.map(({ scope, key }) => [scope, key])).toEqual([
      ['user', 'jdoe'],
      ['client', '10.0.0.1'],
    ]);
  });

  it("lets one user name's parallel attempts take turns, so a burst of guesses cannot slip under its limit", async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, () =>
        failOnce('victim', null).then(
          () => 'guessed',
          (error: unknown) => (error instanceof TooManyAttemptsError ? 'refused' : 'error'),
        ),
      ),
    );

    expect(outcomes.filter((outcome) => outcome === 'guessed')).toHaveLength(3);
    expect(outcomes.filter((outcome) => outcome === 'refused')).toHaveLength(7);
  });

  it('refuses an address that failed with many user names, and no other address', async () => {
    for (let i = 0; i < 5; i += 1) await failOnce(`user${i}`, '10.0.0.66');

    await expect(sut.begin('user-never-tried', '10.0.0.66')).rejects.toThrow(TooManyAttemptsError);
    await expect(sut.begin('user-never-tried', '10.0.0.67')).resolves.toBeDefined();
  });

  it("on success clears the user name's failures but keeps the address's", async () => {
    for (let i = 0; i < 2; i += 1) await failOnce('jdoe', '10.0.0.1');
    await sut.succeeded(await sut.begin('jdoe', '10.0.0.1'));
    for (let i = 0; i < 2; i += 1) await failOnce('jdoe', '10.0.0.1');

    await failOnce('third', '10.0.0.1'); // the address's 5th failure
    await expect(sut.begin('fourth', '10.0.0.1')).rejects.toThrow(TooManyAttemptsError);
  });

  it('counts nothing for attempts that judged no password (the directory was down)', async () => {
    for (let i = 0; i < 10; i += 1) sut.notAGuess(await sut.begin('jdoe', '10.0.0.1'));
    await expect(sut.begin('jdoe', '10.0.0.1')).resolves.toBeDefined();
  });

  it('answers 503 when the counts cannot be read, and lets the next attempt of the name through', async () => {
    // PostgreSQL gone: the watch's connection with it, so the watch is not trusted either.
    if (watch instanceof InstantFailureWatch) watch.trusting = false;
    failures.gate = Promise.reject(new Error('connection terminated'));
    failures.gate.catch(() => undefined);

    await expect(sut.begin('jdoe', null)).rejects.toMatchObject({
      status: 503,
      code: 'service-unavailable',
    });
    failures.gate = Promise.resolve();
    await expect(sut.begin('jdoe', null)).resolves.toBeDefined();
  });
});

describe(`${SignInThrottle.name} with the watch`, () => {
  it('admits a name and an address without failures without asking PostgreSQL, and asks once either has one', async () => {
    const now = 1_000_000;
    const failures = new InMemorySignInFailures(() => now);
    const sut = new SignInThrottle(
      failures,
      new InstantFailureWatch(failures, 60_000, () => now),
      ENV,
    );

    await sut.succeeded(await sut.begin('jdoe', '10.0.0.1'));
    expect(failures.checks).toBe(0);

    await sut.failed(await sut.begin('jdoe', '10.0.0.1'));
    await sut.succeeded(await sut.begin('jdoe', '10.0.0.2'));
    await sut.succeeded(await sut.begin('ann', '10.0.0.1'));
    expect(failures.checks).toBe(2);
  });
});
