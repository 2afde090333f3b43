import { Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { storable } from './failure-key';

export interface FailureLimits {
  windowMs: number;
  maxPerUser: number;
  maxPerClient: number;
}

/** What the table says about one attempt's user name and client address. */
export interface FailureCheck {
  /** Failures of this user name within the window. */
  userFailures: number;
  /** 0 when both are under their limit, else milliseconds until the older of the last `max` failures leaves the window. */
  retryAfterMs: number;
}

/**
 * Failures of the name and of the address within the window, and, for each
 * scope at its limit, milliseconds until the oldest of its last `max`
 * failures leaves the window.
 */
const CHECK_SQL = `
  SELECT scope, count(*)::int AS failures,
         ceil(extract(epoch FROM (
           (array_agg(failed_at ORDER BY failed_at DESC))[CASE WHEN scope = 'user' THEN $3::int ELSE $4::int END]
           + make_interval(secs => $5::float8) - clock_timestamp())) * 1000)::int AS retry_after_ms
    FROM auth_sign_in_failures
   WHERE ((scope = 'user' AND key = $1) OR (scope = 'client' AND key = $2))
     AND failed_at > clock_timestamp() - make_interval(secs => $5::float8)
   GROUP BY scope`;

/**
 * Failed sign-ins in PostgreSQL (`auth_sign_in_failures`), shared by every
 * auth-gateway instance: one statement per check, per failure, per clear.
 * Times come from the database's clock, so instances with skewed clocks
 * agree on the window.
 */
@Injectable()
export class SignInFailuresRepository {
  constructor(private readonly db: DataSource) {}

  /** TypeORM's own pg pool (its PostgresDriver's `master`): the same connections, no second pool. */
  private get pool(): Pool {
    return (this.db.driver as unknown as { master: Pool }).master;
  }

  async check(
    userKey: string,
    clientAddress: string | null,
    limits: FailureLimits,
  ): Promise<FailureCheck> {
    // On every sign-in: straight to pg's pool (TypeORM's query runner costs ≈ 80 µs of CPU per
    // statement), as a named statement that each connection plans once.
    const { rows } = await this.pool.query<{
      scope: 'user' | 'client';
      failures: number;
      retry_after_ms: number | null;
    }>({
      name: 'auth-sign-in-failures-check',
      text: CHECK_SQL,
      values: [
        storable(userKey),
        storable(clientAddress),
        limits.maxPerUser,
        limits.maxPerClient,
        limits.windowMs / 1000,
      ],
    });
    return {
      userFailures: rows.find((row) => row.scope === 'user')?.failures ?? 0,
      retryAfterMs: Math.max(0, ...rows.map((row) => row.retry_after_ms ?? 0)),
    };
  }

  /** One failure of the user name and, when known, of the client address. */
  async record(userKey: string, clientAddress: string | null): Promise<void> {
    await this.db.query(
      `INSERT INTO auth_sign_in_failures (scope, key)
       SELECT scope, key FROM (VALUES ('user', $1::text), ('client', $2::text)) AS failure (scope, key)
        WHERE key IS NOT NULL`,
      [storable(userKey), storable(clientAddress)],
    );
  }

  /** Forgets the user name's failures (after its right password); the address's stay. */
  async clearUser(userKey: string): Promise<void> {
    await this.db.query(`DELETE FROM auth_sign_in_failures WHERE scope = 'user' AND key = $1`, [
      storable(userKey),
    ]);
  }

  /** Deletes failures that have left the window; returns how many. */
  async prune(windowMs: number): Promise<number> {
    const [, count] = await this.db.query<[unknown, number]>(
      `DELETE FROM auth_sign_in_failures WHERE failed_at <= clock_timestamp() - make_interval(secs => $1::float8)`,
      [windowMs / 1000],
    );
    return count;
  }
}
