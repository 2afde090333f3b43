import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable } from '@nestjs/common';
import { Privilege } from '@dirsync/contracts';
import type { AppError } from '@dirsync/service-kit';
import { SignInAudit } from '../audit/sign-in-audit';
import { AuthGatewayEnv } from '../config/auth-gateway.env';
import {
  SignInThrottle,
  type ThrottledAttempt,
  TooManyAttemptsError,
} from '../rate-limit/sign-in-throttle';
import { type IssuedSession, SessionTokenService } from '../session/session-token.service';
import { PasswordVerifier } from '../verification/password-verifier.service';
import type { RefusalOutcome, Verification } from '../verification/verification';
import { signInErrors } from './sign-in-errors';

/**
 * Password sign-in: throttle, verify, answer. Every refusal that could tell
 * an attacker whether a user exists (unknown, local, deleted, wrong password)
 * is the same 401, counts as one failure from the moment it failed, and
 * comes no sooner than SIGN_IN_FAILURE_MIN_MS after the attempt began.
 */
@Injectable()
export class PasswordSignInService {
  private readonly failureMinMs: number;

  constructor(
    private readonly verifier: PasswordVerifier,
    private readonly sessions: SessionTokenService,
    private readonly throttle: SignInThrottle,
    private readonly audit: SignInAudit,
    env: AuthGatewayEnv,
  ) {
    this.failureMinMs = env.SIGN_IN_FAILURE_MIN_MS;
  }

  async signIn(
    typedUserName: string,
    password: string,
    clientAddress: string | null,
  ): Promise<IssuedSession> {
    const userName = typedUserName.trim();
    if (password.length === 0) {
      this.audit.failed(userName, 'ldap', clientAddress, 'empty-password');
      throw signInErrors.emptyPassword();
    }
    const started = performance.now();
    // The rate limits are checked while the settings and the user are looked
    // up (one PostgreSQL statement beside one RabbitMQ hop, not after it); the
    // verifier asks the directory nothing before the check has let the attempt in.
    const admission = this.throttle.begin(userName, clientAddress);
    const verifying = this.verifier.verify(userName, password, 'sign-in', admission);
    // Awaited below unless the attempt is refused first: its end is then of no interest.
    verifying.catch(() => undefined);
    let attempt: ThrottledAttempt;
    try {
      attempt = await admission;
    } catch (error) {
      if (error instanceof TooManyAttemptsError) {
        this.audit.failed(userName, 'ldap', clientAddress, error.code);
      }
      throw error;
    }

    let verification: Verification;
    try {
      verification = await verifying;
    } catch (error) {
      // user-store or config-api did not answer: nothing was learnt about the password.
      this.throttle.notAGuess(attempt);
      throw error;
    }
    if (verification.outcome === 'success') {
      const { user } = verification;
      await this.throttle.succeeded(attempt);
      if (!user.privileges.includes(Privilege.LogOn)) {
        this.audit.failed(userName, 'ldap', clientAddress, 'log-on-not-permitted');
        throw signInErrors.logOnNotPermitted();
      }
      const session = this.sessions.issue(user, 'ldap');
      this.audit.succeeded(user, 'ldap', clientAddress);
      return session;
    }

    this.audit.failed(userName, 'ldap', clientAddress, verification.outcome);
    // Counted now that it failed, before the answer is held back to the floor.
    if (isFailedGuess(verification.outcome)) await this.throttle.failed(attempt);
    else this.throttle.notAGuess(attempt);
    const answer = answerFor(verification.outcome);
    await holdUntil(started + this.failureMinMs);
    throw answer;
  }
}

/**
 * Waits until `performance.now()` reaches `deadline`. A timer may fire up to
 * a millisecond early against that clock (libuv counts whole milliseconds
 * from the start of its loop turn), so one sleep is not enough for a floor
 * that must hold: it sleeps again for what is left.
 */
async function holdUntil(deadline: number): Promise<void> {
  for (let left = deadline - performance.now(); left > 0; left = deadline - performance.now()) {
    await sleep(Math.ceil(left));
  }
}

/**
 * A guess at a password; an outage or a configuration that forbids password
 * sign-in is not. A refusal that names the account's state (Active Directory)
 * or another person at the stored DN counts too: telling it apart would
 * tell the caller something.
 */
function isFailedGuess(outcome: RefusalOutcome): boolean {
  return answerFor(outcome).code === 'invalid-credentials';
}

/** The public answer: every refusal a person could probe with is the same 401. */
function answerFor(outcome: RefusalOutcome): AppError {
  switch (outcome) {
    case 'invalid-credentials':
    case 'account-disabled':
    case 'account-locked':
    case 'account-expired':
    case 'password-expired':
    case 'password-must-change':
    case 'logon-hours-restricted':
    case 'workstation-restricted':
    case 'identity-mismatch':
    case 'user-not-found':
    case 'not-a-directory-user':
      return signInErrors.invalidCredentials();
    case 'empty-password':
      return signInErrors.emptyPassword();
    case 'password-sign-in-unavailable':
      return signInErrors.passwordSignInUnavailable();
    case 'directory-unreachable':
    case 'tls-error':
    case 'directory-error':
      return signInErrors.directoryUnavailable();
  }
}
