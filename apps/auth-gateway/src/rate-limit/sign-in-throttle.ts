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
    super('too-many-attempts', `too many failed sign-in attempts; try again in ${retryAfterSeconds} s`, {
      status: 429,
      details: { retryAfterSeconds },
    });
    this.name = 'TooManyAttemptsError';
  }
}

/**
 * Brute-force brake for password sign-in. Only failures count, per user name
 * (case-insensitive, as user-store matches) and per client address, so one
 * person's typos or an attack on one account never slow anyone else down.
 * A success clears that user name's failures but not the address's: an
 * attacker holding one valid account must not be able to wipe his address's
 * record by signing in with it between guesses.
 */
export class SignInThrottle {
  private readonly perUser: SlidingWindowCounter;
  private readonly perClient: SlidingWindowCounter;

  constructor(options: SignInThrottleOptions, now: () => number = Date.now) {
    this.perUser = new SlidingWindowCounter({ windowMs: options.windowMs, max: options.maxFailuresPerUser }, now);
    this.perClient = new SlidingWindowCounter({ windowMs: options.windowMs, max: options.maxFailuresPerClient }, now);
  }

  /** Throws TooManyAttemptsError when either the name or the address is over its limit. */
  assertAllowed(userName: string, clientAddress: string | null): void {
    const waitMs = Math.max(
      this.perUser.retryAfterMs(userKey(userName)),
      clientAddress ? this.perClient.retryAfterMs(clientAddress) : 0,
    );
    if (waitMs > 0) throw new TooManyAttemptsError(Math.ceil(waitMs / 1000));
  }

  recordFailure(userName: string, clientAddress: string | null): void {
    this.perUser.record(userKey(userName));
    if (clientAddress) this.perClient.record(clientAddress);
  }

  recordSuccess(userName: string): void {
    this.perUser.reset(userKey(userName));
  }
}

function userKey(userName: string): string {
  return userName.trim().toLowerCase();
}
