import { connect, type ChannelModel, type ConsumeMessage } from 'amqplib';
import { waitUntil } from './wait-until';

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
    const connection = await connect(amqpUrl);
    const capture = new EventCapture(connection);
    connection.on('error', (error: Error) => capture.errors.push(error));
    const channel = await connection.createChannel();
    channel.on('error', (error: Error) => capture.errors.push(error));
    await channel.assertExchange(exchange, 'topic', { durable: true });
    const { queue } = durableQueue
      ? await channel.assertQueue(durableQueue, { durable: true })
      : await channel.assertQueue('', { exclusive: true, autoDelete: true });
    await channel.bindQueue(queue, exchange, pattern);
    await channel.consume(queue, (message: ConsumeMessage | null) => {
      if (!message) return;
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

  async stop(): Promise<void> {
    await this.connection.close().catch(() => undefined);
  }
}
