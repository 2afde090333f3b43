import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  EVENT_CONTRACTS,
  type EventOf,
  type EventPayload,
  type EventRoutingKey,
} from '@dirsync/contracts';
import { AppError, validatePlain } from '@dirsync/service-kit';
import { AmqpConnection } from './amqp-connection';
import { MESSAGING_OPTIONS, type MessagingOptions } from './messaging-options';
import { topology } from './topology';

/**
 * Publishes events on the topic exchange and resolves only once the broker
 * has confirmed them (publisher confirms): a resolved publish is on disk.
 */
@Injectable()
export class EventPublisher {
  constructor(
    private readonly amqp: AmqpConnection,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
  ) {}

  /** Fills in eventId/occurredAt unless given (an outbox passes its own, stable ones). */
  async publish<K extends EventRoutingKey>(
    routingKey: K,
    payload: EventPayload<K> & { eventId?: string; occurredAt?: string },
  ): Promise<EventOf<K>> {
    const event = { eventId: randomUUID(), occurredAt: new Date().toISOString(), ...payload };
    const checked = validatePlain(EVENT_CONTRACTS[routingKey] as never, event);
    if (checked.problems.length > 0) {
      throw new AppError('invalid-event', `refusing to publish an invalid ${routingKey}`, {
        details: checked.problems,
      });
    }
    const channel = await this.amqp.channel();
    const body = Buffer.from(JSON.stringify(event));
    await new Promise<void>((resolve, reject) => {
      channel.publish(
        topology.eventsExchange(this.options.namespace),
        routingKey,
        body,
        {
          persistent: true,
          contentType: 'application/json',
          messageId: event.eventId,
          type: routingKey,
          timestamp: Math.floor(Date.now() / 1000),
          appId: this.options.service,
        },
        (error: unknown) =>
          error ? reject(new Error(`broker refused ${routingKey}`, { cause: error })) : resolve(),
      );
    });
    return event as unknown as EventOf<K>;
  }
}
