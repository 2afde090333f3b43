import { AppError } from '@dirsync/service-kit';
import { SlidingWindowCounter } from './sliding-window-counter';

export interface SignInThrottleOptions {
  windowMs: number;
  maxFailuresPerUser: number;
  maxFailuresPerClient: number;
}

/** 429 with the seconds to wait; the HTTP filter turns `retryAfterSeconds` into a Retry-After header. */
export class TooManyAttemptsError extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super(
      'too-many-attempts',
      `too many failed sign-in attempts; try again in ${retryAfterSeconds} s`,
      {
        details: { retryAfterSeconds },
      },
    );
    this.name = 'TooManyAttemptsError';
  }
}

/** One attempt in progress, counted as a failure until settled otherwise. */
export interface ThrottledAttempt {
  readonly userKey: string;
  readonly clientAddress: string | null;
  readonly at: number;
}

/**
 * Brute-force brake for password sign-in. Only failures count, per user name
 * (case-insensitive, as user-store matches) and per client address, so one
 * person's typos or an attack on one account never slow anyone else down.
 *
 * An attempt is counted as a failure the moment it starts, in the same tick
 * as the check: otherwise a burst of parallel guesses would all pass the
 * check before the first one failed. A success takes that back and clears
 * the user name's failures, but not the address's: an attacker holding one
 * valid account must not wipe his address's record by signing in with it
 * between guesses. An outage is not a guess and is taken back too.
 */
export class SignInThrottle {
  private readonly perUser: SlidingWindowCounter;
  private readonly perClient: SlidingWindowCounter;

  constructor(options: SignInThrottleOptions, now: () => number = Date.now) {
    this.perUser = new SlidingWindowCounter(
      { windowMs: options.windowMs, max: options.maxFailuresPerUser },
      now,
    );
    this.perClient = new SlidingWindowCounter(
      { windowMs: options.windowMs, max: options.maxFailuresPerClient },
      now,
    );
  }

  /** Throws TooManyAttemptsError when the name or the address is over its limit; else counts the attempt. */
  begin(userName: string, clientAddress: string | null): ThrottledAttempt {
    const userKey = normalizeUserName(userName);
    const waitMs = Math.max(
      this.perUser.retryAfterMs(userKey),
      clientAddress ? this.perClient.retryAfterMs(clientAddress) : 0,
    );
    if (waitMs > 0) throw new TooManyAttemptsError(Math.ceil(waitMs / 1000));
    const at = this.perUser.record(userKey);
    if (clientAddress) this.perClient.record(clientAddress, at);
    return { userKey, clientAddress, at };
  }

  succeeded(attempt: ThrottledAttempt): void {
    this.perUser.reset(attempt.userKey);
    if (attempt.clientAddress) this.perClient.forget(attempt.clientAddress, attempt.at);
  }

  /** The attempt ended without judging the password (directory down, password sign-in off). */
  notAGuess(attempt: ThrottledAttempt): void {
    this.perUser.forget(attempt.userKey, attempt.at);
    if (attempt.clientAddress) this.perClient.forget(attempt.clientAddress, attempt.at);
  }
}

function normalizeUserName(userName: string): string {
  return userName.trim().toLowerCase();
}
