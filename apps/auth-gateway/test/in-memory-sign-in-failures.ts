import type { DataSource } from 'typeorm';
import {
  type FailureCheck,
  type FailureLimits,
  SignInFailuresRepository,
} from '../src/rate-limit/sign-in-failures.repository';

/**
 * SignInFailuresRepository in memory, with the same answers as the SQL
 * (sign-in-failures.repository.pg.spec.ts checks the real one), for unit
 * tests of the throttle and the sign-in. `now` is the database's clock.
 */
export class InMemorySignInFailures extends SignInFailuresRepository {
  readonly rows: { scope: 'user' | 'client'; key: string; at: number }[] = [];
  /** Resolves when a test says so: to hold a check or a record in flight. */
  gate: Promise<void> = Promise.resolve();
  /** Checks asked for (the statement run on every attempt the watch cannot admit). */
  checks = 0;

  constructor(private readonly now: () => number = Date.now) {
    super(undefined as unknown as DataSource);
  }

  override async check(
    userKey: string,
    clientAddress: string | null,
    limits: FailureLimits,
  ): Promise<FailureCheck> {
    this.checks += 1;
    await this.gate;
    const horizon = this.now() - limits.windowMs;
    const live = (scope: 'user' | 'client', key: string | null) =>
      this.rows
        .filter((row) => row.scope === scope && row.key === key && row.at > horizon)
        .map((row) => row.at)
        .sort((a, b) => b - a);
    const user = live('user', userKey);
    const client = live('client', clientAddress);
    const wait = (times: number[], max: number) => {
      const decisive = times[max - 1];
      return decisive === undefined ? 0 : decisive + limits.windowMs - this.now();
    };
    return {
      userFailures: user.length,
      retryAfterMs: Math.max(0, wait(user, limits.maxPerUser), wait(client, limits.maxPerClient)),
    };
  }

  override async record(userKey: string, clientAddress: string | null): Promise<void> {
    await this.gate;
    const at = this.now();
    this.rows.push({ scope: 'user', key: userKey, at });
    if (clientAddress !== null) this.rows.push({ scope: 'client', key: clientAddress, at });
  }

  override async clearUser(userKey: string): Promise<void> {
    await this.gate;
    for (let i = this.rows.length - 1; i >= 0; i -= 1) {
      const row = this.rows[i]!;
      if (row.scope === 'user' && row.key === userKey) this.rows.splice(i, 1);
    }
  }

  override prune(): Promise<number> {
    return Promise.resolve(0);
  }
}
