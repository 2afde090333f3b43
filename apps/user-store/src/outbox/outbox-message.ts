import { randomUUID } from 'node:crypto';
import type { EventPayload, EventRoutingKey } from '@dirsync/contracts';

/**
 * One event to write to the outbox: its id becomes the event's `eventId`.
 * The routing key decides the payload's type, so a `user.deleted.v1` cannot
 * be written with a `user.created.v1` body.
 */
export type OutboxMessage = {
  [K in EventRoutingKey]: { id: string; routingKey: K; payload: EventPayload<K> };
}[EventRoutingKey];

export function outboxMessage<K extends EventRoutingKey>(routingKey: K, payload: EventPayload<K>) {
  return { id: randomUUID(), routingKey, payload } as Extract<OutboxMessage, { routingKey: K }>;
}
