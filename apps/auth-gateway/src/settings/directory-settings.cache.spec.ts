import type { DirectorySettings } from '@dirsync/contracts';
import type { EventHandler, EventSubscriber, SubscribeOptions } from '@dirsync/messaging';
import type { LdapPools } from '../directory/ldap-pools';
import type { DirectorySettingsClient } from '../lookups/directory-settings.client';
import { DirectorySettingsCache } from './directory-settings.cache';

const settingsOn = (host: string) =>
  ({
    connection: { host, protocol: 'ldap', acceptAllCertificates: false, bindDn: 'cn=svc' },
    authentication: { method: 'ldap' },
  }) as DirectorySettings;

/** config-api's answers, the broker's subscription and the pools, as the cache sees them. */
function cacheWith(initial: DirectorySettings | null) {
  const configApi = { settings: initial, fetches: 0, hold: null as Promise<void> | null };
  const client = {
    fetch: async () => {
      configApi.fetches += 1;
      const answer = configApi.settings;
      if (configApi.hold) await configApi.hold;
      return answer;
    },
  } as unknown as DirectorySettingsClient;
  const subscription: { handler?: EventHandler; options?: SubscribeOptions } = {};
  const events = {
    subscribe: (_: string, __: string[], handler: EventHandler, options: SubscribeOptions) => {
      subscription.handler = handler;
      subscription.options = options;
    },
  } as unknown as EventSubscriber;
  const pools = { drops: 0, drop: () => Promise.resolve(void (pools.drops += 1)) };
  const sut = new DirectorySettingsCache(client, events, pools as unknown as LdapPools);
  sut.onApplicationBootstrap();
  const announce = () =>
    subscription.handler!('settings.changed.v1', {
      eventId: '00000000-0000-4000-8000-000000000001',
      occurredAt: new Date().toISOString(),
      version: 2,
      changedFields: ['connection.host'],
    });
  return { sut, configApi, subscription, pools, announce };
}

describe(DirectorySettingsCache.name, () => {
  it('asks config-api once while subscribed, not on every sign-in', async () => {
    const { sut, configApi, subscription } = cacheWith(settingsOn('a'));
    subscription.options!.onSubscribed!();

    for (let i = 0; i < 5; i += 1) await sut.current();

    expect(configApi.fetches).toBe(1);
  });

  it('serves the new settings after settings.changed.v1, and drops the pools when the connection changed', async () => {
    const { sut, configApi, subscription, pools, announce } = cacheWith(settingsOn('a'));
    subscription.options!.onSubscribed!();
    expect((await sut.current()).connection.host).toBe('a');

    configApi.settings = settingsOn('b');
    await announce();

    expect((await sut.current()).connection.host).toBe('b');
    expect(pools.drops).toBe(1);
    expect(sut.announcementsHandled).toBe(1);
  });

  it('does not keep an answer that was on its way when the announcement came', async () => {
    const { sut, configApi, subscription, announce } = cacheWith(settingsOn('a'));
    let answer!: () => void;
    configApi.hold = new Promise((resolve) => {
      answer = resolve;
    });
    subscription.options!.onSubscribed!(); // reads ahead: held in flight
    configApi.settings = settingsOn('b');
    await announce();
    answer();
    configApi.hold = null;

    expect((await sut.current()).connection.host).toBe('b');
  });

  it('keeps nothing while the subscription is lost, and reads again once it is back', async () => {
    const { sut, configApi, subscription } = cacheWith(settingsOn('a'));
    subscription.options!.onSubscribed!();
    await sut.current();
    subscription.options!.onLost!();

    configApi.settings = settingsOn('b');
    expect((await sut.current()).connection.host).toBe('b');
    configApi.settings = settingsOn('c');
    expect((await sut.current()).connection.host).toBe('c');

    subscription.options!.onSubscribed!();
    configApi.settings = settingsOn('d');
    expect((await sut.current()).connection.host).toBe('c');
  });

  it('says when no settings are saved yet', async () => {
    const { sut, subscription } = cacheWith(null);
    subscription.options!.onSubscribed!();
    await expect(sut.current()).rejects.toMatchObject({ code: 'directory-not-configured' });
  });
});
