import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { EventOf, StoredUser } from '@dirsync/contracts';
import { EventSubscriber } from '@dirsync/messaging';
import { AuthGatewayEnv } from '../config/auth-gateway.env';
import { UserStoreClient } from '../lookups/user-store.client';
import { USER_EVENT_KEYS, type UserEventKey, userEventSubjects } from './user-event-subjects';
import { UserLookupLru } from './user-lookup-lru';

/**
 * The users that signed in lately, as user-store answered `users.find.v1`,
 * so that a sign-in makes no RabbitMQ round trip. Kept current by the
 * events user-store publishes from its outbox after each change committed
 * (`user.created/updated/renamed/deleted.v1`), on a queue of this instance's
 * own, so that every instance sees every event:
 *
 * - filled on a miss by one `users.find.v1` (misses for one name at once share it);
 * - an event drops every entry of that user (by id) and of its names (before and after);
 * - an answer asked for before an event arrived is not kept (the generation grows with
 *   every event): it may predate the change;
 * - only users are kept, never "no such user" (a created or renamed user is found at once);
 * - nothing is kept, and everything is dropped, while the subscription is not known to
 *   be live (before it is consuming, when its connection or channel is lost, until it is
 *   back), or when an event could not be read;
 * - at most USER_CACHE_SIZE entries (least recently used dropped first), none older than
 *   USER_CACHE_MAX_AGE_SECONDS: the bound when user-store changed a user but its outbox
 *   relay cannot publish the event.
 *
 * So a change is seen by the first sign-in that starts after its event arrived.
 */
@Injectable()
export class StoredUserCache implements OnApplicationBootstrap {
  private readonly logger = new Logger(StoredUserCache.name);
  private readonly lru: UserLookupLru;
  private readonly maxAgeMs: number;
  /** Grows with every event and every change of the subscription: an answer asked for before it is not kept. */
  private generation = 0;
  private live = false;
  private readonly filling = new Map<
    string,
    { generation: number; answer: Promise<StoredUser | null> }
  >();
  private handled = 0;

  constructor(
    private readonly client: UserStoreClient,
    private readonly events: EventSubscriber,
    env: AuthGatewayEnv,
  ) {
    this.lru = new UserLookupLru(env.USER_CACHE_SIZE);
    this.maxAgeMs = env.USER_CACHE_MAX_AGE_SECONDS * 1000;
  }

  onApplicationBootstrap(): void {
    // USER_CACHE_SIZE=0: every sign-in asks user-store, and no queue is needed.
    if (this.lru.capacity === 0) return;
    this.events.subscribe(
      'user-changes',
      [...USER_EVENT_KEYS],
      (routingKey, event) => {
        if (isUserEvent(routingKey)) this.forget(routingKey, event as EventOf<UserEventKey>);
        return Promise.resolve();
      },
      {
        perInstance: true,
        onSubscribed: () => this.reset(true),
        onLost: () => this.reset(false),
        onRefused: (routingKey) => {
          this.logger.warn({ routingKey }, 'an unreadable event: every cached user dropped');
          this.reset(this.live);
        },
      },
    );
  }

  /** For a sign-in: the user named `userName` (as typed), from the cache when it may be trusted. */
  find(userName: string): Promise<StoredUser | null> {
    if (!this.live) return this.client.findByUserName(userName);
    const cached = this.lru.get(userName, performance.now(), this.maxAgeMs);
    return cached ? Promise.resolve(cached) : this.fill(userName);
  }

  /** Asked of user-store now, bypassing the cache (the admin's Test authentication). */
  fresh(userName: string): Promise<StoredUser | null> {
    return this.client.findByUserName(userName);
  }

  /** True while user events reach this instance (the cache is in use). */
  get subscribed(): boolean {
    return this.live;
  }

  /** User events handled so far (tests wait for one to have arrived). */
  get eventsHandled(): number {
    return this.handled;
  }

  /** Users held now. */
  get size(): number {
    return this.lru.size;
  }

  private fill(userName: string): Promise<StoredUser | null> {
    const generation = this.generation;
    const pending = this.filling.get(userName);
    if (pending?.generation === generation) return pending.answer;
    const answer = this.client.findByUserName(userName);
    this.filling.set(userName, { generation, answer });
    const done = () => {
      if (this.filling.get(userName)?.answer === answer) this.filling.delete(userName);
    };
    answer.then((user) => {
      done();
      // Nothing happened since it was asked (no event, no loss): the answer is current.
      if (user && this.live && this.generation === generation) {
        this.lru.set(userName, user, performance.now());
      }
    }, done);
    return answer;
  }

  private forget<K extends UserEventKey>(routingKey: K, event: EventOf<K>): void {
    this.generation += 1;
    this.handled += 1;
    const { userId, userNames } = userEventSubjects(routingKey, event);
    const dropped = this.lru.dropUser(userId, userNames);
    this.logger.debug(
      { routingKey, eventId: event.eventId, userId, dropped },
      'user event: cached user dropped',
    );
  }

  private reset(live: boolean): void {
    this.generation += 1;
    this.live = live;
    this.lru.clear();
    this.filling.clear();
  }
}

function isUserEvent(routingKey: string): routingKey is UserEventKey {
  return (USER_EVENT_KEYS as readonly string[]).includes(routingKey);
}
