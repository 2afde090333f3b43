import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Client, type Notification } from 'pg';
import { AuthGatewayEnv } from '../config/auth-gateway.env';
import { failureKeyDigest } from './failure-key';
import { FailureMarks } from './failure-marks';

/** The channel migration 1796100000000's trigger announces each recorded failure on. */
const CHANNEL = 'auth_sign_in_failures';
/** How often the listening connection proves that it still answers (and so that no notice is pending). */
const HEARTBEAT_MS = 1_000;
/** The watch is trusted only this long after its last proof; a hung connection stops being trusted then. */
const PROOF_VALID_MS = 3_000;
/** A heartbeat or the initial read that takes longer ends the connection. */
const QUERY_TIMEOUT_MS = 5_000;
const RECONNECT_MS = 2_000;
/**
 * Keys with failures remembered at most (≈ 100 bytes each). Beyond it (many
 * names or addresses failing within the window: an attack) every check
 * queries, and the set is read anew after OVERFLOW_RETRY_MS.
 */
const MAX_MARKS = 50_000;
const OVERFLOW_RETRY_MS = 60_000;
const SWEEP_EVERY_MS = 60_000;

/** Every name and address with a failure in the window, as the trigger names them. */
const SNAPSHOT_SQL = `
  SELECT DISTINCT encode(sha256(convert_to(scope || ':' || key, 'UTF8')), 'hex') AS digest
    FROM auth_sign_in_failures
   WHERE failed_at > clock_timestamp() - make_interval(secs => $1::float8)
   LIMIT $2`;

/**
 * Which user names and client addresses have failed sign-ins within the
 * window, known without a query: one connection of this instance LISTENs to
 * the notices PostgreSQL sends when any instance records a failure, after
 * reading the names and addresses that already have one. An attempt whose
 * name and address have none is admitted without asking PostgreSQL (almost
 * every correct sign-in); any other is checked with the query, as before.
 *
 * Trusted only while it is known to be complete: connected and listening,
 * the initial read done, a heartbeat answered within PROOF_VALID_MS (so a
 * connection that hangs silently is distrusted within seconds), and not
 * overflowed. Otherwise every attempt is checked with the query.
 *
 * The race: a failure committed at another instance is known here once its
 * notice arrives, normally within a millisecond of the commit, at most
 * PROOF_VALID_MS. Until then an attempt here is admitted as if that failure
 * were still in flight, which the limits already allow (see SignInThrottle:
 * each instance has at most one attempt per user name in flight). Failures
 * recorded here are marked at once, before the notice.
 */
@Injectable()
export class SignInFailureWatch implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SignInFailureWatch.name);
  private readonly marks = new FailureMarks(MAX_MARKS);
  private readonly databaseUrl: string;
  private readonly windowMs: number;
  /** performance.now() of the last proof that every notice up to then has arrived. */
  private provenAt = -Infinity;
  private notices = 0;
  private stopped = false;
  private client?: Client;
  private watching?: Promise<void>;
  private wake?: () => void;

  constructor(env: AuthGatewayEnv) {
    this.databaseUrl = env.DATABASE_URL;
    this.windowMs = env.RATE_LIMIT_WINDOW_SECONDS * 1000;
  }

  onApplicationBootstrap(): void {
    this.watching = this.watch();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.client?.end().catch(() => undefined);
    await this.watching;
  }

  /**
   * False only when this instance knows that neither the user name nor the
   * address has a failure within the window; true when one has, or when it
   * cannot know (the check must then query).
   */
  mayHaveFailures(userKey: string, clientAddress: string | null): boolean {
    if (!this.trusted) return true;
    const now = performance.now();
    return (
      this.marks.has(failureKeyDigest('user', userKey), now) ||
      (clientAddress !== null && this.marks.has(failureKeyDigest('client', clientAddress), now))
    );
  }

  /** A failure this instance records (or tried to): known here at once, before its notice. */
  noteFailure(userKey: string, clientAddress: string | null): void {
    const until = performance.now() + this.windowMs;
    this.marks.mark(failureKeyDigest('user', userKey), until);
    if (clientAddress !== null) this.marks.mark(failureKeyDigest('client', clientAddress), until);
  }

  /** True while attempts without known failures are admitted without a query. */
  get trusted(): boolean {
    return !this.marks.overflowed && performance.now() - this.provenAt <= PROOF_VALID_MS;
  }

  /** Notices received so far (tests wait for one). */
  get noticesReceived(): number {
    return this.notices;
  }

  /** Listens, reconnecting after every loss, until shutdown. */
  private async watch(): Promise<void> {
    while (!this.stopped) {
      const retryMs = await this.listenOnce().catch((error: unknown) => {
        this.logger.warn(
          { err: error },
          'sign-in failure notices unavailable: every attempt is checked in PostgreSQL',
        );
        return RECONNECT_MS;
      });
      if (!this.stopped) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, retryMs);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    }
  }

  /** One connection's life; resolves with how long to wait before the next. */
  private async listenOnce(): Promise<number> {
    const client = new Client({
      connectionString: this.databaseUrl,
      application_name: 'auth-gateway failure notices',
      query_timeout: QUERY_TIMEOUT_MS,
      keepAlive: true,
    });
    this.client = client;
    let overflowed = false;
    const ended = new Promise<void>((resolve) => {
      client.once('end', resolve);
      client.on('error', (error) => {
        this.logger.warn({ err: error }, 'the sign-in failure notices connection failed');
        resolve();
      });
    });
    let heartbeat: NodeJS.Timeout | undefined;
    try {
      await client.connect();
      client.on('notification', (notice: Notification) => {
        if (notice.channel !== CHANNEL || !notice.payload) return;
        this.notices += 1;
        this.marks.mark(notice.payload, performance.now() + this.windowMs);
        if (this.marks.overflowed && !overflowed) {
          overflowed = true;
          void client.end().catch(() => undefined);
        }
      });
      await client.query(`LISTEN ${CHANNEL}`);
      // Read after LISTEN took effect: a failure committed meanwhile is read, announced, or both.
      const readAt = performance.now();
      const { rows } = await client.query<{ digest: string }>(SNAPSHOT_SQL, [
        this.windowMs / 1000,
        MAX_MARKS + 1,
      ]);
      for (const { digest } of rows) this.marks.mark(digest, readAt + this.windowMs);
      if (this.marks.overflowed) {
        overflowed = true;
      } else {
        this.provenAt = readAt;
        heartbeat = this.beat(client);
        await ended;
      }
    } finally {
      clearInterval(heartbeat);
      this.provenAt = -Infinity;
      this.marks.clear();
      this.client = undefined;
      await client.end().catch(() => undefined);
    }
    if (overflowed) {
      this.logger.warn(
        { maxMarks: MAX_MARKS },
        'too many names and addresses with failed sign-ins to follow: every attempt is checked in PostgreSQL for a while',
      );
      return OVERFLOW_RETRY_MS;
    }
    return RECONNECT_MS;
  }

  /** Proves every HEARTBEAT_MS that the connection answers; one that does not is ended. */
  private beat(client: Client): NodeJS.Timeout {
    let beating = false;
    let sweptAt = performance.now();
    return setInterval(() => {
      if (beating) return;
      beating = true;
      const sentAt = performance.now();
      // PostgreSQL delivers the notices committed before this query by the time it answers
      // (give or take the signal between its processes that announces them).
      client.query('SELECT 1').then(
        () => {
          beating = false;
          this.provenAt = sentAt;
          if (sentAt - sweptAt > SWEEP_EVERY_MS) {
            this.marks.sweep(sentAt);
            sweptAt = sentAt;
          }
        },
        () => void client.end().catch(() => undefined),
      );
    }, HEARTBEAT_MS);
  }
}
