import { randomUUID } from 'node:crypto';
import {
  EVENT_CONTRACTS,
  type EventOf,
  type EventPayload,
  type EventRoutingKey,
} from '@dirsync/contracts';
import { AmqpConnection, EventPublisher, type MessagingOptions } from '@dirsync/messaging';
import { validatePlain } from '@dirsync/service-kit';

const OPTIONS: MessagingOptions = {
  amqpUrl: 'amqp://127.0.0.1:1',
  namespace: 'recorded',
  service: 'sync-planner',
  rpcTimeoutMs: 1,
};

/**
 * EventPublisher that keeps the events instead of sending them (made from
 * the real class; its AMQP connection is lazy and never opened). Events are
 * validated against their contracts as the real publisher does.
 */
export class RecordingEventPublisher extends EventPublisher {
  readonly published: { routingKey: EventRoutingKey; event: Record<string, unknown> }[] = [];

  constructor() {
    super(new AmqpConnection(OPTIONS), OPTIONS);
  }

  // eslint-disable-next-line @typescript-eslint/require-await -- the real publisher is async
  override async publish<K extends EventRoutingKey>(
    routingKey: K,
    payload: EventPayload<K> & { eventId?: string; occurredAt?: string },
  ): Promise<EventOf<K>> {
    const event = { eventId: randomUUID(), occurredAt: '2026-01-01T00:00:00.000Z', ...payload };
    const checked = validatePlain(EVENT_CONTRACTS[routingKey] as never, event);
    if (checked.problems.length > 0) {
      throw new Error(`invalid ${routingKey}: ${JSON.stringify(checked.problems)}`);
    }
    this.published.push({ routingKey, event });
    return event as unknown as EventOf<K>;
  }

  of(routingKey: EventRoutingKey): Record<string, unknown>[] {
    return this.published
      .filter((sent) => sent.routingKey === routingKey)
      .map((sent) => sent.event);
  }
}
