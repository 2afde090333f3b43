import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { AppError } from '@dirsync/service-kit';
import { AuthGatewayEnv } from '../config/auth-gateway.env';
import { SignInFailureWatch } from './sign-in-failure-watch';
import { SignInFailuresRepository } from './sign-in-failures.repository';

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

/** One attempt in progress: settle it exactly once (`failed`, `succeeded` or `notAGuess`). */
export interface ThrottledAttempt {
  readonly userKey: string;
  readonly clientAddress: string | null;
  /** The user name's failures when the attempt began (a success clears them only if there are any). */
  readonly userFailures: number;
  readonly endTurn: () => void;
}

/** How often failures that left the window are deleted. */
const PRUNE_EVERY_MS = 60_000;

/**
 * Brute-force brake for password sign-in. Only failures count, per user name
 * (case-insensitive, as user-store matches) and per client address, in
 * PostgreSQL, so that every instance sees the same counts.
 *
 * A failure is counted when it has failed: an attempt in progress counts
 * for nothing, so many people signing in at once from one address (an
 * office behind one NAT) are never refused for each other. The attempts of
 * one user name take turns within an instance (the next is checked after the
 * previous one's failure was recorded), so a burst of parallel guesses at
 * one account cannot slip under its limit; the right password takes a few
 * milliseconds per turn. Parallel guesses at several names from one address
 * can overshoot that address's limit by the number in flight; the uniform
 * 401's time floor keeps each of them slow.
 *
 * A success clears the user name's failures, but not the address's: an
 * attacker holding one valid account must not wipe his address's record by
 * signing in with it between guesses.
 *
 * A name and an address that SignInFailureWatch knows to have no failure in
 * the window are admitted without the query (the common case: a correct
 * password, nobody guessing); its notices make that knowledge shared.
 */
@Injectable()
export class SignInThrottle implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SignInThrottle.name);
  private readonly turns = new Map<string, Promise<void>>();
  private readonly limits: { windowMs: number; maxPerUser: number; maxPerClient: number };
  private pruning?: NodeJS.Timeout;

  constructor(
    private readonly failures: SignInFailuresRepository,
    private readonly watch: SignInFailureWatch,
    env: AuthGatewayEnv,
  ) {
    this.limits = {
      windowMs: env.RATE_LIMIT_WINDOW_SECONDS * 1000,
      maxPerUser: env.RATE_LIMIT_MAX_FAILURES_PER_USER,
      maxPerClient: env.RATE_LIMIT_MAX_FAILURES_PER_CLIENT,
    };
  }

  /** Throws TooManyAttemptsError when the name or the address is over its limit. */
  async begin(userName: string, clientAddress: string | null): Promise<ThrottledAttempt> {
    const userKey = normalizeUserName(userName);
    const endTurn = await this.takeTurn(userKey);
    if (!this.watch.mayHaveFailures(userKey, clientAddress)) {
      return { userKey, clientAddress, userFailures: 0, endTurn };
    }
    try {
      const { userFailures, retryAfterMs } = await this.failures
        .check(userKey, clientAddress, this.limits)
        .catch((error: unknown) => {
          throw new AppError(
            'service-unavailable',
            'the sign-in rate limits cannot be read right now; try again later',
            { cause: error },
          );
        });
      if (retryAfterMs > 0) throw new TooManyAttemptsError(Math.ceil(retryAfterMs / 1000));
      return { userKey, clientAddress, userFailures, endTurn };
    } catch (error) {
      endTurn();
      throw error;
    }
  }

  /** The password (or the user) was wrong: one failure for the name and the address. */
  async failed(attempt: ThrottledAttempt): Promise<void> {
    // Known here before the turn ends, whether or not PostgreSQL takes it: the next attempt queries.
    this.watch.noteFailure(attempt.userKey, attempt.clientAddress);
    try {
      await this.failures.record(attempt.userKey, attempt.clientAddress);
    } catch (error) {
      // The refusal stands; the next attempt's check fails too while PostgreSQL is gone.
      this.logger.error({ err: error }, 'a failed sign-in could not be counted');
    } finally {
      attempt.endTurn();
    }
  }

  async succeeded(attempt: ThrottledAttempt): Promise<void> {
    try {
      if (attempt.userFailures > 0) await this.failures.clearUser(attempt.userKey);
    } catch (error) {
      this.logger.warn({ err: error }, "the user name's failures could not be cleared");
    } finally {
      attempt.endTurn();
    }
  }

  /** The attempt ended without judging the password (directory down, password sign-in off). */
  notAGuess(attempt: ThrottledAttempt): void {
    attempt.endTurn();
  }

  onApplicationBootstrap(): void {
    this.pruning = setInterval(() => {
      this.failures
        .prune(this.limits.windowMs)
        .catch((error: unknown) =>
          this.logger.warn({ err: error }, 'old sign-in failures could not be deleted'),
        );
    }, PRUNE_EVERY_MS);
    this.pruning.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.pruning);
  }

  /** Waits for the attempts of this user name before it; resolves with the function that ends this one's turn. */
  private async takeTurn(userKey: string): Promise<() => void> {
    const before = this.turns.get(userKey) ?? Promise.resolve();
    let end!: () => void;
    const mine = new Promise<void>((resolve) => {
      end = resolve;
    });
    const queue = before.then(() => mine);
    this.turns.set(userKey, queue);
    await before;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      end();
      if (this.turns.get(userKey) === queue) this.turns.delete(userKey);
    };
  }
}

function normalizeUserName(userName: string): string {
  return userName.trim().toLowerCase();
}
