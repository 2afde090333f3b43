import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { connect, type ChannelModel, type ConsumeMessage } from 'amqplib';
import { EVENT_CONTRACTS, type EventOf, type EventRoutingKey } from '@dirsync/contracts';
import { validatePlain } from '@dirsync/service-kit';
import { AckCoalescer } from './ack-coalescer';
import { amqpSocketOptions } from './amqp-socket-options';
import { MESSAGING_OPTIONS, type MessagingOptions } from './messaging-options';
import { topology } from './topology';

export type EventHandler = <K extends EventRoutingKey>(
  routingKey: K,
  event: EventOf<K>,
) => Promise<void>;

const RECONNECT_DELAY_MS = 2_000;

export interface SubscribeOptions {
  /**
   * A queue of this process only (exclusive, deleted with its connection)
   * instead of the service's durable queue that its instances share: every
   * instance sees every event (a cache to drop), and events published while
   * the subscription is down are not kept (`onSubscribed` re-reads instead).
   * Default false.
   */
  perInstance?: boolean;
  /** Called each time the queue is bound and consuming: at start and after every reconnect. */
  onSubscribed?: () => void;
  /**
   * Called when the subscription is lost: its connection or channel closed,
   * or the broker cancelled the consumer (its queue was deleted). It
   * reconnects by itself.
   */
  onLost?: () => void;
  /**
   * Called with the routing key of an event that was refused (unreadable,
   * unknown or invalid) and never handed to the handler: a cache cannot
   * tell whom it was about.
   */
  onRefused?: (routingKey: string) => void;
}

/**
 * A durable queue of this service bound to the events exchange, as any
 * internal service subscribes to user changes. Each event is validated
 * against its contract and acknowledged after the handler finished (acks
 * coalesced, AckCoalescer); an
 * invalid or unknown event is dead-lettered, never dropped; a handler error
 * requeues it. Resubscribes by itself after the broker went away.
 */
@Injectable()
export class EventSubscriber implements OnApplicationShutdown {
  private readonly logger = new Logger(EventSubscriber.name);
  private readonly connections = new Set<ChannelModel>();
  private stopped = false;

  constructor(@Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions) {}

  /** `name` makes the queue `<ns>.<service>.<name>`; `patterns` are topic patterns such as `user.#`. */
  subscribe(
    name: string,
    patterns: string[],
    handler: EventHandler,
    options: SubscribeOptions = {},
  ): void {
    void this.connectLoop(name, patterns, handler, options);
  }

  private async connectLoop(
    name: string,
    patterns: string[],
    handler: EventHandler,
    options: SubscribeOptions,
  ) {
    while (!this.stopped) {
      try {
        const { closed } = await this.consume(name, patterns, handler, options);
        options.onSubscribed?.();
        await closed;
      } catch (error) {
        if (!this.stopped)
          this.logger.warn(`event subscription ${name}: ${(error as Error).message}; retrying`);
      }
      options.onLost?.();
      if (!this.stopped) await new Promise((resolve) => setTimeout(resolve, RECONNECT_DELAY_MS));
    }
  }

  private async consume(
    name: string,
    patterns: string[],
    handler: EventHandler,
    options: SubscribeOptions,
  ): Promise<{ closed: Promise<void> }> {
    const ns = this.options.namespace;
    const shared = `${ns}.${this.options.service}.${name}`;
    const connection = await connect(this.options.amqpUrl, {
      ...amqpSocketOptions(this.options),
      // Shown by the broker (rabbitmqctl list_connections client_properties, the management UI).
      clientProperties: { connection_name: shared },
    });
    // Shut down while connecting: shutdown closed the connections it knew,
    // and this one would stay open (and keep the process alive) for good.
    if (this.stopped) {
      await connection.close().catch(() => undefined);
      throw new Error('the subscriber was shut down while it connected');
    }
    this.connections.add(connection);
    const closed = new Promise<void>((resolve) => {
      const gone = () => {
        this.connections.delete(connection);
        resolve();
      };
      connection.once('close', gone);
      connection.once('error', gone);
    });
    // A channel that closes (a channel error) or a consumer the broker cancels (its queue deleted)
    // ends the subscription as surely as a lost connection: closing the connection reconnects.
    const end = () => void connection.close().catch(() => undefined);
    try {
      const channel = await connection.createChannel();
      channel.once('close', end);
      await channel.assertExchange(topology.eventsExchange(ns), 'topic', { durable: true });
      await channel.assertExchange(topology.deadLetterExchange(ns), 'fanout', { durable: true });
      const { queue } = await channel.assertQueue(
        options.perInstance ? `${shared}.${randomBytes(6).toString('hex')}` : shared,
        options.perInstance
          ? { exclusive: true, autoDelete: true, durable: false }
          : {
              durable: true,
              arguments: { 'x-dead-letter-exchange': topology.deadLetterExchange(ns) },
            },
      );
      for (const pattern of patterns)
        await channel.bindQueue(queue, topology.eventsExchange(ns), pattern);
      await channel.prefetch(16);
      const acks = new AckCoalescer(channel);
      await channel.consume(queue, (message) => {
        if (!message) return end();
        acks.received(message);
        void this.deliver(acks, message, handler, options);
      });
    } catch (error) {
      await connection.close().catch(() => undefined);
      throw error;
    }
    return { closed };
  }

  private async deliver(
    acks: AckCoalescer,
    message: ConsumeMessage,
    handler: EventHandler,
    options: SubscribeOptions,
  ) {
    const routingKey = message.fields.routingKey as EventRoutingKey;
    const contract = EVENT_CONTRACTS[routingKey];
    let body: unknown;
    try {
      body = JSON.parse(message.content.toString('utf8'));
    } catch {
      body = undefined;
    }
    let checked: ReturnType<typeof validatePlain> | null;
    try {
      checked = contract ? validatePlain(contract as never, body) : null;
    } catch (error) {
      // e.g. a RangeError on an event nested thousands deep: refused like any invalid one
      checked = {
        value: null,
        problems: [{ field: '', message: `could not be validated: ${(error as Error).message}` }],
      };
    }
    if (!checked || checked.problems.length > 0) {
      this.logger.error(
        { routingKey, problems: checked?.problems ?? 'unknown event' },
        'invalid event dead-lettered',
      );
      acks.nack(message, false);
      options.onRefused?.(routingKey);
      return;
    }
    try {
      await handler(routingKey, checked.value as never);
      acks.ack(message);
    } catch (error) {
      this.logger.warn({ routingKey, err: error }, 'event handler failed; the event is requeued');
      acks.nack(message, true);
    }
  }

  async onApplicationShutdown() {
    this.stopped = true;
    await Promise.all([...this.connections].map((c) => c.close().catch(() => undefined)));
  }
}
