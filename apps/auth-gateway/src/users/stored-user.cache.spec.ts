import { Logger } from '@nestjs/common';
import type { StoredUser } from '@dirsync/contracts';
import type { EventHandler, EventSubscriber, SubscribeOptions } from '@dirsync/messaging';
import type { AuthGatewayEnv } from '../config/auth-gateway.env';
import type { UserStoreClient } from '../lookups/user-store.client';
import { storedUser } from '../../test/test-users';
import { StoredUserCache } from './stored-user.cache';

const EVENT = {
  eventId: '00000000-0000-4000-8000-000000000001',
  occurredAt: '2026-01-01T00:00:00Z',
};

/** user-store's answers (held back on demand), the broker's subscription, as the cache sees them. */
function cacheWith(users: StoredUser[], size = 100) {
  const store = { users, asked: [] as string[], hold: null as Promise<void> | null };
  const client = {
    findByUserName: async (userName: string) => {
      store.asked.push(userName);
      const answer = store.users.find((user) => user.userName === userName.toLowerCase()) ?? null;
      if (store.hold) await store.hold;
      return answer;
    },
  } as unknown as UserStoreClient;
  const subscription: { handler?: EventHandler; options?: SubscribeOptions; subscribed: number } = {
    subscribed: 0,
  };
  const events = {
    subscribe: (_: string, __: string[], handler: EventHandler, options: SubscribeOptions) => {
      subscription.subscribed += 1;
      subscription.handler = handler;
      subscription.options = options;
    },
  } as unknown as EventSubscriber;
  const sut = new StoredUserCache(client, events, {
    USER_CACHE_SIZE: size,
    USER_CACHE_MAX_AGE_SECONDS: 300,
  } as AuthGatewayEnv);
  sut.onApplicationBootstrap();
  const live = () => subscription.options!.onSubscribed!();
  const updated = (user: StoredUser) =>
    subscription.handler!('user.updated.v1', { ...EVENT, user, changes: [] });
  const renamed = (user: StoredUser, previousUserName: string) =>
    subscription.handler!('user.renamed.v1', {
      ...EVENT,
      user,
      previousUserName,
      previousDn: null,
    });
  const deleted = (user: StoredUser) =>
    subscription.handler!('user.deleted.v1', {
      ...EVENT,
      user,
      archiveFolderId: null,
      reason: 'deleted',
    });
  /** Holds user-store's answers until the returned function is called. */
  const holdAnswers = () => {
    let release!: () => void;
    store.hold = new Promise((resolve) => (release = resolve));
    return () => {
      store.hold = null;
      release();
    };
  };
  return { sut, store, subscription, live, updated, renamed, deleted, holdAnswers };
}

describe(StoredUserCache.name, () => {
  // The drops and refusals below are on purpose: their log lines would only be noise.
  beforeAll(() => Logger.overrideLogger(false));

  it('asks user-store once per name while subscribed, not on every sign-in', async () => {
    const ann = storedUser('ann');
    const { sut, store, live } = cacheWith([ann]);
    live();

    for (let i = 0; i < 5; i += 1) expect(await sut.find('ann')).toEqual(ann);

    expect(store.asked).toEqual(['ann']);
    expect(sut.size).toBe(1);
  });

  it('asks once for a burst of sign-ins of one name arriving together', async () => {
    const { sut, store, live, holdAnswers } = cacheWith([storedUser('ann')]);
    live();
    const release = holdAnswers();

    const answers = Promise.all([sut.find('ann'), sut.find('ann'), sut.find('ann')]);
    release();

    expect((await answers).map((user) => user?.userName)).toEqual(['ann', 'ann', 'ann']);
    expect(store.asked).toEqual(['ann']);
  });

  it('asks user-store every time before the subscription is live', async () => {
    const { sut, store } = cacheWith([storedUser('ann')]);

    await sut.find('ann');
    await sut.find('ann');

    expect(store.asked).toEqual(['ann', 'ann']);
    expect(sut.size).toBe(0);
  });

  it('never keeps "no such user": a user created a moment later is found', async () => {
    const { sut, store, live } = cacheWith([]);
    live();
    expect(await sut.find('ann')).toBeNull();

    store.users.push(storedUser('ann'));

    expect(await sut.find('ann')).toMatchObject({ userName: 'ann' });
  });

  it('serves the change once user.updated.v1 arrived (new privileges)', async () => {
    const ann = storedUser('ann');
    const { sut, store, live, updated } = cacheWith([ann]);
    live();
    await sut.find('ann');

    const changed = { ...ann, privileges: [] };
    store.users = [changed];
    await updated(changed);

    expect(await sut.find('ann')).toEqual(changed);
    expect(sut.eventsHandled).toBe(1);
  });

  it('forgets the old name after user.renamed.v1, in every spelling it was asked for', async () => {
    const ann = storedUser('ann');
    const { sut, store, live, renamed } = cacheWith([ann]);
    live();
    await sut.find('ann');
    await sut.find('ANN');

    const after = { ...ann, userName: 'anna' };
    store.users = [after];
    await renamed(after, 'ann');

    expect(await sut.find('ann')).toBeNull();
    expect(await sut.find('ANN')).toBeNull();
    expect(await sut.find('anna')).toEqual(after);
  });

  it('refuses a deleted user once user.deleted.v1 arrived', async () => {
    const ann = storedUser('ann');
    const { sut, store, live, deleted } = cacheWith([ann]);
    live();
    await sut.find('ann');

    store.users = [];
    await deleted(ann);

    expect(await sut.find('ann')).toBeNull();
  });

  it('does not keep an answer that was on its way when an event arrived', async () => {
    const ann = storedUser('ann');
    const { sut, store, live, updated, holdAnswers } = cacheWith([ann]);
    live();
    const release = holdAnswers();
    const before = sut.find('ann'); // read before the change, answered after its event

    const changed = { ...ann, privileges: [] };
    store.users = [changed];
    await updated(changed);
    // A sign-in starting now does not share the older question: it asks again.
    const after = sut.find('ann');
    release();

    expect(await before).toEqual(ann);
    expect(await after).toEqual(changed);
    expect(await sut.find('ann')).toEqual(changed);
    expect(store.asked).toEqual(['ann', 'ann']);
  });

  it('drops everything and asks user-store while the subscription is lost, and caches again once it is back', async () => {
    const ann = storedUser('ann');
    const { sut, store, subscription, live } = cacheWith([ann]);
    live();
    await sut.find('ann');

    subscription.options!.onLost!();
    expect(sut.size).toBe(0);
    const changed = { ...ann, privileges: [] };
    store.users = [changed];
    expect(await sut.find('ann')).toEqual(changed);
    expect(await sut.find('ann')).toEqual(changed);
    expect(sut.size).toBe(0);

    live();
    await sut.find('ann');
    await sut.find('ann');
    expect(store.asked).toHaveLength(4);
    expect(sut.size).toBe(1);
  });

  it('does not keep an answer asked for while the subscription was down', async () => {
    const { sut, subscription, live, holdAnswers } = cacheWith([storedUser('ann')]);
    subscription.options!.onLost!();
    const release = holdAnswers();
    const asked = sut.find('ann');
    live();
    release();
    await asked;

    expect(sut.size).toBe(0);
  });

  it('drops everything when an event could not be read (whom it was about is unknown)', async () => {
    const { sut, subscription, live } = cacheWith([storedUser('ann'), storedUser('bob')]);
    live();
    await sut.find('ann');
    await sut.find('bob');

    subscription.options!.onRefused!('user.updated.v1');

    expect(sut.size).toBe(0);
    expect(sut.subscribed).toBe(true);
  });

  it('with USER_CACHE_SIZE=0 keeps nothing and subscribes to nothing', async () => {
    const { sut, store, subscription } = cacheWith([storedUser('ann')], 0);

    await sut.find('ann');
    await sut.find('ann');

    expect(subscription.subscribed).toBe(0);
    expect(store.asked).toEqual(['ann', 'ann']);
  });

  it('always asks user-store for a fresh answer (Test authentication), cache or not', async () => {
    const { sut, store, live } = cacheWith([storedUser('ann')]);
    live();
    await sut.find('ann');

    await sut.fresh('ann');

    expect(store.asked).toEqual(['ann', 'ann']);
  });
});
