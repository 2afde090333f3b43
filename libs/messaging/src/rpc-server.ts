import { RmqContext, ServerRMQ, type RmqOptions } from '@nestjs/microservices';
import type { Channel, ConsumeMessage } from 'amqplib';
import { finalize, type Observable, of } from 'rxjs';
import type { RpcEnvelope } from '@dirsync/contracts';
import { replyPacing } from './reply-pacing';
import { RpcDelivery, unfinishedAttempts } from './rpc-delivery';
import { type RpcDeliveries, SETTLE_GRACE_MS } from './rpc-deliveries';

/** A request whose consumer died this many times while holding it is dead-lettered, not retried. */
export const MAX_UNFINISHED_ATTEMPTS = 3;

export interface RpcServerOptions {
  rmq: Required<RmqOptions>['options'];
  deadLetterExchange: string;
  deadLetterQueue: string;
  deliveries: RpcDeliveries;
}

/**
 * Nest's RabbitMQ server, made so that no message can hold a consumer slot
 * for ever: every delivery is tracked from arrival and ends acked (answered),
 * dead-lettered with a reason, or put back once for another attempt.
 *
 * - Messages that are not requests of this service (not JSON, not an object,
 *   no pattern or id, no reply-to, a pattern nobody handles) are
 *   dead-lettered before any handler runs; those with a reply-to also get an
 *   `invalid-message` error reply.
 * - A request the broker redelivers (its consumer died holding it) goes back
 *   to the end of the queue with a count; after MAX_UNFINISHED_ATTEMPTS it is
 *   dead-lettered, so a message that kills the process cannot loop.
 * - The RpcHandler interceptor answers and acks; whatever it did not settle
 *   (a throw outside it, a handler without it) is dead-lettered when the
 *   reply stream ends, or at the latest its time limit plus a grace period
 *   after arrival.
 */
/** What replies go through: amqp-connection-manager's channel wrapper, whose sends are promises. */
interface ReplyChannel {
  sendToQueue(queue: string, content: Buffer, options: object): Promise<unknown>;
}

export class RpcServer extends ServerRMQ {
  private readonly deliveries: RpcDeliveries;
  private readonly deadLetterExchange: string;
  private readonly deadLetterQueue: string;

  constructor(options: RpcServerOptions) {
    super(options.rmq);
    this.deliveries = options.deliveries;
    this.deadLetterExchange = options.deadLetterExchange;
    this.deadLetterQueue = options.deadLetterQueue;
  }

  override async setupChannel(channel: Channel, callback: () => void): Promise<void> {
    channel.once('close', () => this.deliveries.consumerStopped('its channel closed'));
    // Dead-lettering publishes there: a missing exchange would close the channel.
    await channel.assertExchange(this.deadLetterExchange, 'fanout', { durable: true });
    await channel.assertQueue(this.deadLetterQueue, { durable: true });
    await channel.bindQueue(this.deadLetterQueue, this.deadLetterExchange, '');
    await super.setupChannel(channel, callback);
    this.deliveries.consumerStarted();
  }

  override async close(): Promise<void> {
    this.deliveries.consumerStopped('the server closed');
    await super.close();
  }

  /**
   * Nest's version drops the promise amqp-connection-manager returns for the
   * reply; closing the channel rejects a reply still waiting to go out
   * ("Channel closed"), and that rejection would go unheard. A reply lost
   * this way is a timeout for its caller, as for a service that died.
   */
  override sendMessage<T = unknown>(
    message: T,
    replyTo: string,
    correlationId: string,
    _context: RmqContext,
  ): void {
    const outgoing = this.serializer.serialize(message as never) as Record<string, unknown> & {
      options?: Record<string, unknown>;
    };
    const { options, ...response } = outgoing;
    const channel = this.channel as unknown as ReplyChannel | null;
    const body = Buffer.from(JSON.stringify(response));
    const sent = Promise.resolve(
      channel?.sendToQueue(replyTo, body, {
        correlationId,
        ...options,
      }),
    );
    // Streamed replies wait for the broker to take earlier pages (reply-pacing.ts).
    replyPacing.track(body.length, sent);
    sent.catch((error: unknown) => {
      this.logger.warn(`reply to ${replyTo} not sent: ${String((error as Error)?.message)}`);
    });
  }

  override async handleMessage(
    raw: Record<string, unknown> | null,
    channel: Channel,
  ): Promise<void> {
    // null: the broker cancelled the consumer; setup runs again on reconnect
    if (!raw) return Promise.resolve();
    const message = raw as unknown as ConsumeMessage;
    const delivery = this.track(message, channel);
    try {
      this.dispatch(delivery, message, channel);
    } catch (error) {
      delivery.deadLetter(`could not be handled: ${describe(error)}`);
    }
    return Promise.resolve();
  }

  private track(message: ConsumeMessage, channel: Channel): RpcDelivery {
    const limit = this.deliveries.handlerTimeoutMs;
    const deadline = setTimeout(
      () => delivery.deadLetter(`not answered within ${limit + SETTLE_GRACE_MS} ms`),
      limit + SETTLE_GRACE_MS,
    );
    deadline.unref();
    const delivery = new RpcDelivery(channel, message, {
      queue: this.queue,
      deadLetterExchange: this.deadLetterExchange,
      handlerTimeoutMs: limit,
      startedAt: Date.now(),
      onSettled: (settled) => {
        clearTimeout(deadline);
        this.deliveries.remove(settled);
      },
    });
    this.deliveries.add(delivery);
    return delivery;
  }

  private dispatch(delivery: RpcDelivery, message: ConsumeMessage, channel: Channel) {
    if (message.fields.redelivered) {
      const attempts = unfinishedAttempts(message);
      if (attempts >= MAX_UNFINISHED_ATTEMPTS) {
        delivery.deadLetter(`delivered ${attempts} times without an answer (the consumer died?)`);
      } else {
        delivery.retry(attempts);
      }
      return;
    }
    const request = parseRequest(message);
    if (typeof request === 'string') {
      this.refuse(delivery, message, request);
      return;
    }
    const context = new RmqContext([message, channel, request.pattern]);
    const handler = this.getHandlerByPattern(request.pattern);
    if (!handler) {
      this.refuse(delivery, message, `no handler for ${request.pattern}`, context);
      return;
    }
    const { replyTo, correlationId } = message.properties as {
      replyTo: string;
      correlationId: string;
    };
    this.handleRequest(
      context,
      async () => {
        let replies: Observable<unknown>;
        try {
          replies = this.transformToObservable(await handler(request.data, context));
        } catch (error) {
          delivery.deadLetter(`the handler failed before answering: ${describe(error)}`);
          return of(internalError);
        }
        // Whatever the interceptor did not settle by the end of the replies is refused.
        return replies.pipe(
          finalize(() =>
            setImmediate(() => delivery.deadLetter('the handler did not acknowledge it')),
          ),
        );
      },
      (packet) => this.sendMessage(packet, replyTo, correlationId, context),
    );
  }

  /** Dead-letter with the reason; answer with an error if the sender said where. */
  private refuse(
    delivery: RpcDelivery,
    message: ConsumeMessage,
    reason: string,
    context?: RmqContext,
  ) {
    const { replyTo, correlationId } = message.properties as {
      replyTo?: unknown;
      correlationId?: unknown;
    };
    if (typeof replyTo === 'string' && replyTo && typeof correlationId === 'string') {
      const reply: RpcEnvelope<never> = {
        status: 'error',
        error: { code: 'invalid-message', message: `refused: ${reason}` },
      };
      this.sendMessage(
        { response: reply, isDisposed: true },
        replyTo,
        correlationId,
        context ?? new RmqContext([message, null, '']),
      );
    }
    delivery.deadLetter(reason);
  }
}

const internalError: RpcEnvelope<never> = {
  status: 'error',
  error: { code: 'internal-error', message: 'internal error (see the service log)' },
};

interface ParsedRequest {
  pattern: string;
  data: unknown;
}

/** The request in a message as Nest's client writes it (`{pattern, data, id}`), or why it is not one. */
function parseRequest(message: ConsumeMessage): ParsedRequest | string {
  const { replyTo, correlationId } = message.properties as {
    replyTo?: unknown;
    correlationId?: unknown;
  };
  let body: unknown;
  try {
    body = JSON.parse(message.content.toString('utf8'));
  } catch {
    return 'not JSON';
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return 'not a JSON object';
  }
  const { pattern, id, data } = body as Record<string, unknown>;
  if (typeof pattern !== 'string' || !pattern) return 'no pattern (a string) in the message';
  if (typeof id !== 'string' && typeof id !== 'number') return 'no id: not a request';
  if (typeof replyTo !== 'string' || !replyTo) return 'no reply-to: nobody to answer';
  if (typeof correlationId !== 'string' || !correlationId) return 'no correlation id';
  return { pattern, data };
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
