import type { SignInAudit } from '../audit/sign-in-audit';
import type { AuthGatewayEnv } from '../config/auth-gateway.env';
import { SignInFailureWatch } from '../rate-limit/sign-in-failure-watch';
import { SignInThrottle } from '../rate-limit/sign-in-throttle';
import type { IssuedSession, SessionTokenService } from '../session/session-token.service';
import type { PasswordVerifier } from '../verification/password-verifier.service';
import type { RefusalOutcome, Verification } from '../verification/verification';
import { InMemorySignInFailures } from '../../test/in-memory-sign-in-failures';
import { storedUser } from '../../test/test-users';
import { type FailureLimits } from '../rate-limit/sign-in-failures.repository';
import { PasswordSignInService } from './password-sign-in.service';

/** Failures whose check is held until the test releases it, and which say when one began. */
class HeldFailures extends InMemorySignInFailures {
  checkBegan!: Promise<void>;
  private began!: () => void;
  release!: () => void;

  constructor() {
    super();
    this.checkBegan = new Promise((resolve) => (this.began = resolve));
    this.gate = new Promise((resolve) => (this.release = resolve));
  }

  override check(userKey: string, clientAddress: string | null, limits: FailureLimits) {
    this.began();
    return super.check(userKey, clientAddress, limits);
  }
}

/**
 * The timing floor of refusals, with an instant fake verifier so that the
 * figures do not depend on how busy the machine is: a lower bound is
 * guaranteed by the service, and "no wait" is checked against a floor far
 * longer than any test may last.
 */
describe(PasswordSignInService.name, () => {
  const session: IssuedSession = {
    token: 'token',
    expiresAt: '2026-01-01T00:15:00.000Z',
    user: { id: 'id', userName: 'jdoe', privileges: [] },
  };

  function serviceAnswering(
    verification: Verification,
    failureMinMs: number,
    failures = new InMemorySignInFailures(),
  ) {
    const verifier = { verify: jest.fn(() => Promise.resolve(verification)) };
    const sessions = { issue: jest.fn(() => session) };
    const audit = { failed: jest.fn(), succeeded: jest.fn() };
    const env = {
      DATABASE_URL: 'postgres://unused@127.0.0.1/unused',
      RATE_LIMIT_WINDOW_SECONDS: 60,
      RATE_LIMIT_MAX_FAILURES_PER_USER: 100,
      RATE_LIMIT_MAX_FAILURES_PER_CLIENT: 100,
    } as AuthGatewayEnv;
    // Never connected, so never trusted: every attempt is checked in `failures`.
    const throttle = new SignInThrottle(failures, new SignInFailureWatch(env), env);
    const service = new PasswordSignInService(
      verifier as unknown as PasswordVerifier,
      sessions as unknown as SessionTokenService,
      throttle,
      audit as unknown as SignInAudit,
      { SIGN_IN_FAILURE_MIN_MS: failureMinMs } as AuthGatewayEnv,
    );
    return { service, verifier, audit };
  }

  async function refusalAfter(outcome: RefusalOutcome, failureMinMs: number) {
    const { service, audit } = serviceAnswering({ outcome, message: 'no' }, failureMinMs);
    const started = performance.now();
    const error: unknown = await service.signIn('jdoe', 'guess', '192.0.2.1').catch((e) => e);
    return { error, ms: performance.now() - started, audit };
  }

  it.each<RefusalOutcome>([
    'invalid-credentials',
    'user-not-found',
    'not-a-directory-user',
    'identity-mismatch',
    'account-disabled',
    'account-locked',
    'account-expired',
    'password-expired',
    'password-must-change',
    'logon-hours-restricted',
    'workstation-restricted',
  ])(
    'answers %s with the same 401, no sooner than the floor, and audits the precise reason',
    async (outcome) => {
      const { error, ms, audit } = await refusalAfter(outcome, 250);

      expect(audit.failed.mock.calls).toEqual([['jdoe', 'ldap', '192.0.2.1', outcome]]);
      expect(error).toMatchObject({
        status: 401,
        code: 'invalid-credentials',
        message: 'invalid user name or password',
      });
      expect(ms).toBeGreaterThanOrEqual(250);
    },
  );

  it('holds an outage back for the floor too, so it cannot be told from a slow refusal', async () => {
    const { error, ms } = await refusalAfter('directory-unreachable', 250);

    expect(error).toMatchObject({ status: 503, code: 'directory-unavailable' });
    expect(ms).toBeGreaterThanOrEqual(250);
  });

  it('lets a successful sign-in through without waiting for the floor', async () => {
    // A floor of ten minutes: were success held back, this test would time out.
    const { service, audit } = serviceAnswering(
      { outcome: 'success', user: storedUser('jdoe'), dn: 'uid=jdoe,dc=example,dc=com' },
      600_000,
    );

    await expect(service.signIn('jdoe', 'right', '192.0.2.1')).resolves.toBe(session);
    expect(audit.succeeded).toHaveBeenCalledTimes(1);
  });

  it('refuses an empty password at once, without asking the verifier', async () => {
    const { service, verifier } = serviceAnswering(
      { outcome: 'invalid-credentials', message: 'no' },
      600_000,
    );

    await expect(service.signIn('jdoe', '', null)).rejects.toMatchObject({
      status: 400,
      code: 'empty-password',
    });
    expect(verifier.verify).not.toHaveBeenCalled();
  });

  it('looks the user up while the rate limits are checked, not after', async () => {
    const failures = new HeldFailures();
    const { service, verifier } = serviceAnswering(
      { outcome: 'success', user: storedUser('jdoe'), dn: 'uid=jdoe,dc=example,dc=com' },
      600_000,
      failures,
    );

    const signingIn = service.signIn('jdoe', 'right', '192.0.2.1');
    await failures.checkBegan;
    // The check is still held: the verification (which binds only once it is admitted) has begun.
    expect(verifier.verify).toHaveBeenCalledTimes(1);
    const [, , , admission] = verifier.verify.mock.calls[0] as unknown as [
      string,
      string,
      string,
      Promise<unknown>,
    ];
    expect(admission).toBeInstanceOf(Promise);
    failures.release();

    await expect(signingIn).resolves.toBe(session);
  });

  it('answers 429 over the limit without waiting for the lookup, and audits it', async () => {
    const failures = new InMemorySignInFailures();
    for (let i = 0; i < 100; i += 1) await failures.record('jdoe', null);
    const { service, verifier, audit } = serviceAnswering(
      { outcome: 'invalid-credentials', message: 'no' },
      600_000,
      failures,
    );
    // A lookup that never ends: the 429 must not depend on it.
    verifier.verify.mockImplementation(() => new Promise<Verification>(() => undefined));

    await expect(service.signIn('jdoe', 'guess', '192.0.2.1')).rejects.toMatchObject({
      status: 429,
      code: 'too-many-attempts',
    });
    expect(audit.failed.mock.calls).toEqual([['jdoe', 'ldap', '192.0.2.1', 'too-many-attempts']]);
  });
});
