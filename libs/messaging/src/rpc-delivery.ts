import { Logger } from '@nestjs/common';
import type { Channel, ConsumeMessage, Message } from 'amqplib';

/** Header a dead-lettered request carries: why this service refused it. */
export const DEAD_LETTER_REASON_HEADER = 'x-dirsync-dead-letter-reason';
/** Header of the queue a dead-lettered request came from. */
export const DEAD_LETTER_QUEUE_HEADER = 'x-dirsync-dead-letter-queue';
/** Header counting the deliveries of a request that ended without an answer (the consumer died). */
export const UNFINISHED_ATTEMPTS_HEADER = 'x-dirsync-unfinished-attempts';

export type DeliveryOutcome = 'acked' | 'dead-lettered' | 'retried' | 'lost-with-channel';

export interface RpcDeliveryOptions {
  queue: string;
  deadLetterExchange: string;
  /** How long a handler may take (for a stream: for each page) before the request is answered with an error. */
  handlerTimeoutMs: number;
  startedAt: number;
  onSettled?: (delivery: RpcDelivery, outcome: DeliveryOutcome) => void;
}

const logger = new Logger('RpcDelivery');
const deliveries = new WeakMap<Message, RpcDelivery>();

/**
 * One request taken from a service's queue, settled exactly once: acked,
 * dead-lettered with a reason, or put back for another attempt. A second
 * settlement is ignored (amqplib would close the channel on an unknown
 * delivery tag, and every other request on it would be redelivered).
 */
export class RpcDelivery {
  private outcome?: DeliveryOutcome;

  constructor(
    private readonly channel: Channel,
    readonly message: ConsumeMessage,
    readonly options: RpcDeliveryOptions,
  ) {
    deliveries.set(message, this);
  }

  /** The delivery the server is tracking for this message, if any. */
  static of(message: Message): RpcDelivery | undefined {
    return deliveries.get(message);
  }

  get settled(): boolean {
    return this.outcome !== undefined;
  }

  get startedAt(): number {
    return this.options.startedAt;
  }

  get handlerTimeoutMs(): number {
    return this.options.handlerTimeoutMs;
  }

  ack(): void {
    this.settle('acked', () => this.channel.ack(this.message));
  }

  /**
   * A copy goes to the dead-letter exchange with the reason in a header, then
   * the original is acked: an operator sees in the dead-letter queue why.
   */
  deadLetter(reason: string): void {
    const settled = this.settle('dead-lettered', () => {
      this.publishCopy(this.options.deadLetterExchange, '', {
        [DEAD_LETTER_REASON_HEADER]: reason,
        [DEAD_LETTER_QUEUE_HEADER]: this.options.queue,
      });
      this.channel.ack(this.message);
    });
    // The server asks this of every delivery its handler left unsettled; one
    // acked already (nearly all) is not dead-lettered, and says nothing.
    if (settled) logger.warn({ queue: this.options.queue, reason }, 'request dead-lettered');
  }

  /** Back to the end of the queue with the count of unfinished attempts, then the original is acked. */
  retry(unfinishedAttempts: number): void {
    this.settle('retried', () => {
      this.publishCopy('', this.options.queue, {
        [UNFINISHED_ATTEMPTS_HEADER]: unfinishedAttempts,
      });
      this.channel.ack(this.message);
    });
  }

  /**
   * The original's content and the properties a consumer reads; not
   * `userId` (the broker refuses one that is not this connection's user,
   * closing the channel). Headers that cannot be encoded again are dropped.
   */
  private publishCopy(exchange: string, routingKey: string, headers: Record<string, unknown>) {
    const { properties, content } = this.message;
    const copy = {
      contentType: properties.contentType as string | undefined,
      contentEncoding: properties.contentEncoding as string | undefined,
      correlationId: properties.correlationId as string | undefined,
      replyTo: properties.replyTo as string | undefined,
      messageId: properties.messageId as string | undefined,
      type: properties.type as string | undefined,
      appId: properties.appId as string | undefined,
      persistent: true,
    };
    try {
      this.channel.publish(exchange, routingKey, content, {
        ...copy,
        headers: { ...properties.headers, ...headers },
      });
    } catch {
      this.channel.publish(exchange, routingKey, content, { ...copy, headers });
    }
  }

  /** Settles the delivery unless it is settled already; says whether this call did. */
  private settle(outcome: DeliveryOutcome, act: () => void): boolean {
    if (this.outcome) return false;
    try {
      act();
      this.outcome = outcome;
    } catch (error) {
      logger.warn(
        { queue: this.options.queue, err: error },
        `could not settle a request (${outcome})`,
      );
      this.outcome = this.rejectAsLastResort();
    }
    this.options.onSettled?.(this, this.outcome);
    return true;
  }

  /** The queue's own dead-lettering (reason `rejected`), or, if the channel closed, the broker's requeue. */
  private rejectAsLastResort(): DeliveryOutcome {
    try {
      this.channel.nack(this.message, false, false);
      return 'dead-lettered';
    } catch {
      return 'lost-with-channel';
    }
  }
}

/** How many earlier deliveries of this request ended without an answer (the consumer died holding it). */
export function unfinishedAttempts(message: Message): number {
  const header: unknown = message.properties.headers?.[UNFINISHED_ATTEMPTS_HEADER];
  const previous = typeof header === 'number' && Number.isInteger(header) ? header : 0;
  // `redelivered`: the broker gave it to a consumer before, which did not settle it.
  return message.fields.redelivered ? previous + 1 : previous;
}
