import { AuthFailedEvent, AuthSucceededEvent } from './auth-events';
import { SettingsChangedEvent } from './settings-changed.event';
import { SyncRunCompletedEvent, SyncRunFailedEvent } from './sync-run-finished.event';
import { SyncRunProgressEvent } from './sync-run-progress.event';
import { UserCreatedEvent } from './user-created.event';
import { UserDeletedEvent } from './user-deleted.event';
import { UserRenamedEvent } from './user-renamed.event';
import { UserUpdatedEvent } from './user-updated.event';

/**
 * Events published on the topic exchange (`<namespace>.events`, default
 * `dirsync.events`) with the routing key as AMQP routing key and the event
 * as a plain JSON body. Bind a queue to `user.#` to follow user changes.
 */
export const EVENT_CONTRACTS = {
  [UserCreatedEvent.routingKey]: UserCreatedEvent,
  [UserUpdatedEvent.routingKey]: UserUpdatedEvent,
  [UserRenamedEvent.routingKey]: UserRenamedEvent,
  [UserDeletedEvent.routingKey]: UserDeletedEvent,
  [SyncRunCompletedEvent.routingKey]: SyncRunCompletedEvent,
  [SyncRunFailedEvent.routingKey]: SyncRunFailedEvent,
  [SyncRunProgressEvent.routingKey]: SyncRunProgressEvent,
  [AuthSucceededEvent.routingKey]: AuthSucceededEvent,
  [AuthFailedEvent.routingKey]: AuthFailedEvent,
  [SettingsChangedEvent.routingKey]: SettingsChangedEvent,
} as const;

export type EventRoutingKey = keyof typeof EVENT_CONTRACTS;
export type EventOf<K extends EventRoutingKey> = InstanceType<(typeof EVENT_CONTRACTS)[K]>;
/** What a publisher fills in; the publisher adds eventId and occurredAt. */
export type EventPayload<K extends EventRoutingKey> = Omit<EventOf<K>, 'eventId' | 'occurredAt'>;
