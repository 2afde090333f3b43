import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type Channel, type ChannelModel, connect, type ConsumeMessage } from 'amqplib';
import { Client } from 'pg';
import { waitUntil } from './wait-until';

/**
 * A PostgreSQL session of the test's own that holds locks the services
 * will wait for: the deterministic way to hold a run in one phase (its
 * staging, its apply, the outbox relay) while a fault is injected. The
 * holder can be released (or lost, when PostgreSQL itself is stopped).
 */
export class PgHold {
  readonly errors: Error[] = [];
  private constructor(private readonly client: Client) {}

  static async open(url: string): Promise<PgHold> {
    const client = new Client({ connectionString: url });
    const hold = new PgHold(client);
    // PostgreSQL stopped under the hold ends its session: kept, not thrown.
    client.on('error', (error: Error) => hold.errors.push(error));
    await client.connect();
    return hold;
  }

  /** Holds `LOCK TABLE … IN <mode> MODE` until release: writers (ROW EXCLUSIVE) wait, readers do not. */
  async lockTables(tables: string[], mode = 'SHARE'): Promise<void> {
    await this.client.query('BEGIN');
    await this.client.query(`LOCK TABLE ${tables.join(', ')} IN ${mode} MODE`);
  }

  /** Holds a session-level advisory lock (the outbox relay's, say) until release. */
  async advisoryLock(key: string): Promise<void> {
    await this.client.query('SELECT pg_advisory_lock(hashtext($1))', [key]);
  }

  async advisoryUnlock(key: string): Promise<void> {
    await this.client.query('SELECT pg_advisory_unlock(hashtext($1))', [key]);
  }

  /** Ends the transaction (and its locks) and the session; never throws. */
  async release(): Promise<void> {
    await this.client.query('ROLLBACK').catch(() => undefined);
    await this.client.end().catch(() => undefined);
  }
}

/** Whether another session waits for a lock on `table` (the held phase has reached it). */
export async function someoneWaitsFor(url: string, table: string): Promise<boolean> {
  const client = new Client({ connectionString: url });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const { rows } = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted AND relation = $1::regclass`,
      [table],
    );
    return (rows[0]?.n ?? 0) > 0;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const MARKER_TYPE = 'event-id-capture.marker';

/**
 * Another team's subscriber on a durable queue bound before any fault: keeps
 * only the event ids (a 20,000-user sync is 20,000 events), acknowledges each,
 * and connects again when the broker comes back, where the queue kept what was
 * published meanwhile.
 */
export class EventIdCapture {
  readonly ids = new Map<string, Set<string>>();
  deliveries = 0;
  readonly errors: Error[] = [];
  private readonly markersBack = new Set<string>();
  private readonly fresh: string[] = [];
  private connection?: ChannelModel;
  private channel?: Channel;

  private constructor(
    private readonly amqpUrl: string,
    private readonly exchange: string,
    private readonly queue: string,
    private readonly pattern: string,
  ) {}

  static async start(
    amqpUrl: string,
    exchange: string,
    queue: string,
    pattern = '#',
  ): Promise<EventIdCapture> {
    const capture = new EventIdCapture(amqpUrl, exchange, queue, pattern);
    await capture.connect();
    return capture;
  }

  /** Distinct event ids of routing keys starting with `prefix`. */
  distinct(prefix = ''): Set<string> {
    const all = new Set<string>();
    for (const [key, ids] of this.ids)
      if (key.startsWith(prefix)) for (const id of ids) all.add(id);
    return all;
  }

  /** (Re)connects; call once the broker is back after a stop. */
  async connect(): Promise<void> {
    await this.close();
    const connection = await connect(this.amqpUrl, { noDelay: true });
    connection.on('error', (error: Error) => this.errors.push(error));
    const channel = await connection.createChannel();
    channel.on('error', (error: Error) => this.errors.push(error));
    await channel.assertExchange(this.exchange, 'topic', { durable: true });
    await channel.assertQueue(this.queue, { durable: true });
    await channel.bindQueue(this.queue, this.exchange, this.pattern);
    await channel.prefetch(1_000);
    await channel.consume(this.queue, (message: ConsumeMessage | null) => {
      if (!message) return;
      if (message.properties.type === MARKER_TYPE) {
        this.markersBack.add(String(message.properties.messageId));
        channel.ack(message);
        return;
      }
      this.deliveries += 1;
      const key = message.fields.routingKey;
      let ids = this.ids.get(key);
      if (!ids) this.ids.set(key, (ids = new Set()));
      const id = String(message.properties.messageId);
      if (!ids.has(id)) {
        ids.add(id);
        this.fresh.push(id);
      }
      channel.ack(message);
    });
    this.connection = connection;
    this.channel = channel;
  }

  /**
   * Resolves once every event the queue held before this call was taken: a
   * marker sent straight to the queue comes back after them (a queue delivers
   * in order). Call it once the outbox has nothing left to publish.
   */
  async catchUp(ms = 60_000): Promise<void> {
    const channel = this.channel;
    if (!channel) throw new Error('EventIdCapture.catchUp: not connected');
    const id = randomUUID();
    channel.sendToQueue(this.queue, Buffer.from('{}'), { type: MARKER_TYPE, messageId: id });
    await waitUntil(() => this.markersBack.has(id), ms, 20).catch(() => {
      throw new Error(`the capture's marker did not come back within ${ms} ms`);
    });
  }

  /** The ids taken since the last call (to check each against the outbox). */
  takeNew(): string[] {
    return this.fresh.splice(0, this.fresh.length);
  }

  async close(): Promise<void> {
    const connection = this.connection;
    this.connection = undefined;
    this.channel = undefined;
    await connection?.close().catch(() => undefined);
  }
}

/** One line of the fault table. */
export interface FaultRow {
  fault: string;
  phase: string;
  sync: string;
  outcome: string;
  changesLost: number;
  eventsLost: number;
  wrongStates: string[];
  secondsToRecover: number | null;
}

export function faultTable(rows: readonly FaultRow[]): string {
  const header = [
    'sync',
    'fault',
    'phase',
    'outcome',
    'changes lost',
    'events lost',
    'wrong states',
    's to recover',
  ];
  const lines = rows.map((row) => [
    row.sync,
    row.fault,
    row.phase,
    row.outcome,
    String(row.changesLost),
    String(row.eventsLost),
    row.wrongStates.length === 0 ? '0' : `${row.wrongStates.length}: ${row.wrongStates.join('; ')}`,
    row.secondsToRecover === null ? 'never' : row.secondsToRecover.toFixed(1),
  ]);
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...lines.map((line) => `| ${line.join(' | ')} |`),
  ].join('\n');
}

export async function writeReport(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text);
}
