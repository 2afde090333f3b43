import { randomUUID } from 'node:crypto';
import { type Channel, connect, type ChannelModel, type ConsumeMessage } from 'amqplib';
import { waitUntil } from './wait-until';

/** The AMQP `type` of catchUp's markers, which are not events and are not kept. */
const MARKER_TYPE = 'event-capture.marker';

export interface CapturedEvent {
  routingKey: string;
  messageId: string | undefined;
  body: Record<string, unknown>;
}

/**
 * A queue bound to the events exchange, as another team's service would bind
 * one: everything published is collected for assertions.
 */
export class EventCapture {
  readonly events: CapturedEvent[] = [];
  /**
   * Connection and channel errors, kept rather than thrown: tests stop the
   * broker on purpose, and amqplib throws an 'error' event nobody listens to
   * out of the process (a heartbeat timeout once ended a whole Jest run).
   */
  readonly errors: Error[] = [];
  private readonly markersBack = new Set<string>();
  private channel?: Channel;
  private queue = '';

  private constructor(private readonly connection: ChannelModel) {}

  /**
   * `durableQueue`: a named durable queue that keeps the events while the
   * broker restarts (as a real subscriber's would); by default a private
   * queue that lives as long as the capture.
   */
  static async start(
    amqpUrl: string,
    exchange: string,
    pattern = '#',
    durableQueue?: string,
  ): Promise<EventCapture> {
    const connection = await connect(amqpUrl, { noDelay: true });
    const capture = new EventCapture(connection);
    connection.on('error', (error: Error) => capture.errors.push(error));
    const channel = await connection.createChannel();
    channel.on('error', (error: Error) => capture.errors.push(error));
    await channel.assertExchange(exchange, 'topic', { durable: true });
    const { queue } = durableQueue
      ? await channel.assertQueue(durableQueue, { durable: true })
      : await channel.assertQueue('', { exclusive: true, autoDelete: true });
    await channel.bindQueue(queue, exchange, pattern);
    capture.channel = channel;
    capture.queue = queue;
    await channel.consume(queue, (message: ConsumeMessage | null) => {
      if (!message) return;
      if (message.properties.type === MARKER_TYPE) {
        capture.markersBack.add(String(message.properties.messageId));
        channel.ack(message);
        return;
      }
      capture.events.push({
        routingKey: message.fields.routingKey,
        messageId: message.properties.messageId as string | undefined,
        body: JSON.parse(message.content.toString('utf8')) as Record<string, unknown>,
      });
      channel.ack(message);
    });
    return capture;
  }

  of(routingKey: string): CapturedEvent[] {
    return this.events.filter((event) => event.routingKey === routingKey);
  }

  /** Waits until `count` events with this routing key arrived (or fails after `ms`). */
  async waitFor(routingKey: string, count: number, ms = 15_000): Promise<CapturedEvent[]> {
    await waitUntil(() => this.of(routingKey).length >= count, ms, 50).catch(() => {
      throw new Error(
        `expected ${count} ${routingKey} events within ${ms} ms, got ${this.of(routingKey).length}`,
      );
    });
    return this.of(routingKey);
  }

  /**
   * The sign-ins of the audit events with this routing key (`auth.succeeded.v2`,
   * `auth.failed.v2`: several per event), in the order they arrived.
   */
  signIns(routingKey: string): Record<string, unknown>[] {
    return this.of(routingKey).flatMap(
      (event) => (event.body['signIns'] ?? []) as Record<string, unknown>[],
    );
  }

  /** Waits until `count` sign-ins arrived in audit events with this routing key. */
  async waitForSignIns(
    routingKey: string,
    count: number,
    ms = 15_000,
  ): Promise<Record<string, unknown>[]> {
    await waitUntil(() => this.signIns(routingKey).length >= count, ms, 50).catch(() => {
      throw new Error(
        `expected ${count} sign-ins in ${routingKey} events within ${ms} ms, got ${this.signIns(routingKey).length}`,
      );
    });
    return this.signIns(routingKey);
  }

  /**
   * Resolves once every event the broker confirmed before this call has been
   * captured: a marker sent straight to the capture's queue comes back after
   * them, as a queue delivers in order. The signal for "nothing more came"
   * after a publisher confirmed (or failed) its events; never a fixed sleep.
   * (A publish still on its way to the broker is not covered: follow it with
   * a later event on the same channel instead.)
   */
  async catchUp(ms = 15_000): Promise<void> {
    if (!this.channel) throw new Error('EventCapture.catchUp: the capture has no channel');
    const id = randomUUID();
    this.channel.sendToQueue(this.queue, Buffer.from('{}'), { type: MARKER_TYPE, messageId: id });
    await waitUntil(() => this.markersBack.has(id), ms).catch(() => {
      throw new Error(`the capture's marker did not come back within ${ms} ms`);
    });
  }

  async stop(): Promise<void> {
    await this.connection.close().catch(() => undefined);
  }
}
