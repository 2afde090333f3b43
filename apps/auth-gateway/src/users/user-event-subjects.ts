import {
  type EventOf,
  UserCreatedEvent,
  UserDeletedEvent,
  UserRenamedEvent,
  UserUpdatedEvent,
} from '@dirsync/contracts';

/** Every event user-store publishes about a user (from its outbox, after the change committed). */
export const USER_EVENT_KEYS = [
  UserCreatedEvent.routingKey,
  UserUpdatedEvent.routingKey,
  UserRenamedEvent.routingKey,
  UserDeletedEvent.routingKey,
] as const;

export type UserEventKey = (typeof USER_EVENT_KEYS)[number];

/** Whom an event is about: the user's id and every name it had before or has after. */
export interface UserEventSubjects {
  userId: string;
  userNames: string[];
}

export function userEventSubjects<K extends UserEventKey>(
  routingKey: K,
  event: EventOf<K>,
): UserEventSubjects {
  const { user } = event;
  // A created user's name may have been asked for (and answered "no one") a moment ago; a rename frees the old name.
  const userNames =
    routingKey === UserRenamedEvent.routingKey
      ? [user.userName, (event as UserRenamedEvent).previousUserName]
      : [user.userName];
  return { userId: user.id, userNames };
}
