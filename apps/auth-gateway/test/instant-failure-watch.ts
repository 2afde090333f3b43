import type { AuthGatewayEnv } from '../src/config/auth-gateway.env';
import { SignInFailureWatch } from '../src/rate-limit/sign-in-failure-watch';
import type { InMemorySignInFailures } from './in-memory-sign-in-failures';

/**
 * SignInFailureWatch as an instance sees it whose notices arrive at once:
 * it knows every failure the in-memory table holds within the window, while
 * `trusting` (false: as when its connection is lost, every attempt queries).
 * Never connects anywhere.
 */
export class InstantFailureWatch extends SignInFailureWatch {
  trusting = true;

  constructor(
    private readonly failures: InMemorySignInFailures,
    private readonly windowLengthMs: number,
    private readonly now: () => number,
  ) {
    super({
      DATABASE_URL: 'postgres://unused@127.0.0.1/unused',
      RATE_LIMIT_WINDOW_SECONDS: windowLengthMs / 1000,
    } as AuthGatewayEnv);
  }

  override mayHaveFailures(userKey: string, clientAddress: string | null): boolean {
    if (!this.trusting) return true;
    const horizon = this.now() - this.windowLengthMs;
    return this.failures.rows.some(
      (row) =>
        row.at > horizon &&
        ((row.scope === 'user' && row.key === userKey) ||
          (row.scope === 'client' && row.key === clientAddress)),
    );
  }
}
