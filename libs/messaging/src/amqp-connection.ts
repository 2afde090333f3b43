import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { connect, type ChannelModel, type ConfirmChannel } from 'amqplib';
import { amqpSocketOptions } from './amqp-socket-options';
import { MESSAGING_OPTIONS, type MessagingOptions } from './messaging-options';
import { topology } from './topology';

/**
 * The one amqplib connection of a service (for events and topology; Nest's
 * RMQ transport keeps its own for requests). Connects lazily and again after
 * the broker went away, so a broker restart needs no service restart.
 */
@Injectable()
export class AmqpConnection implements OnApplicationShutdown {
  private readonly logger = new Logger(AmqpConnection.name);
  private connecting?: Promise<{ model: ChannelModel; channel: ConfirmChannel }>;
  private closing = false;

  constructor(@Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions) {}

  /** A confirm channel on a live connection, with the exchanges declared. */
  async channel(): Promise<ConfirmChannel> {
    if (this.closing) throw new Error('the AMQP connection is shutting down');
    this.connecting ??= this.open().catch((error: unknown) => {
      this.connecting = undefined;
      throw error;
    });
    return (await this.connecting).channel;
  }

  private async open() {
    const model = await connect(this.options.amqpUrl, amqpSocketOptions(this.options));
    const forget = () => {
      this.connecting = undefined;
    };
    model.on('close', forget);
    model.on('error', (error: Error) => {
      this.logger.warn(`AMQP connection error: ${error.message}`);
      forget();
    });
    const channel = await model.createConfirmChannel();
    channel.on('error', (error: Error) => this.logger.warn(`AMQP channel error: ${error.message}`));
    channel.on('close', forget);
    await this.declareTopology(channel);
    return { model, channel };
  }

  private async declareTopology(channel: ConfirmChannel) {
    const ns = this.options.namespace;
    await channel.assertExchange(topology.eventsExchange(ns), 'topic', { durable: true });
    await channel.assertExchange(topology.deadLetterExchange(ns), 'fanout', { durable: true });
    await channel.assertQueue(topology.deadLetterQueue(ns), { durable: true });
    await channel.bindQueue(topology.deadLetterQueue(ns), topology.deadLetterExchange(ns), '');
  }

  async onApplicationShutdown() {
    this.closing = true;
    const open = await this.connecting?.catch(() => undefined);
    await open?.model.close().catch(() => undefined);
  }
}
