import { Privilege, type StoredUser } from '@dirsync/contracts';
import { closeBrokerConnections, waitUntil } from '@dirsync/testing';
import { GatewayUnderTest } from '../../test/gateway-under-test';
import { LdapFixtures } from '../../test/ldap-fixtures';
import { ldapSettings, storedUser, userSnapshot } from '../../test/test-users';
import { StoredUserCache } from './stored-user.cache';

/**
 * The user cache of two auth-gateway instances on the real RabbitMQ and
 * slapd (user-store faked in-process): a sign-in asks user-store once, and a
 * change is seen by the next sign-in once user-store's event about it has
 * arrived — waited for, not slept on; when the broker drops the events'
 * connection, the cache empties.
 */
describe(StoredUserCache.name, () => {
  const PASSWORD = 'cache-Secret-1';
  let gw: GatewayUnderTest;
  let other: GatewayUnderTest;
  let fixtures: LdapFixtures;
  let people: string;

  const signIn = (userName: string, at: GatewayUnderTest = gw) =>
    at.post('/api/v1/sessions/password', { userName, password: PASSWORD });
  const lookups = (userName: string) =>
    gw.rpc.calls.filter(
      (call) =>
        call.routingKey === 'users.find.v1' &&
        (call.request as { userName: string }).userName === userName,
    ).length;
  /** A synchronized user with a directory entry of its own (password PASSWORD). */
  const directoryUser = async (uid: string): Promise<StoredUser> => {
    const person = await fixtures.addPerson(people, `Cache ${uid}`, uid, PASSWORD);
    const user = storedUser(uid, { dn: person.dn, externalId: person.entryUUID });
    gw.rpc.users.push(user);
    return user;
  };
  /** user-store changed `before` into `after` (or deleted it). */
  const storeHolds = (before: StoredUser, after: StoredUser | null) => {
    gw.rpc.users = gw.rpc.users.filter((user) => user.id !== before.id);
    if (after) gw.rpc.users.push(after);
  };

  beforeAll(async () => {
    gw = await GatewayUnderTest.start();
    other = await GatewayUnderTest.start({}, { share: gw });
    fixtures = await LdapFixtures.create(gw.servers);
    people = await fixtures.addOu('user-cache');
    await gw.useSettings(ldapSettings(gw.servers));
    await other.useSettings(ldapSettings(gw.servers));
  });

  afterAll(async () => {
    await fixtures?.remove();
    await other?.close();
    await gw?.close();
  });

  it('asks user-store once; the next sign-ins of that user make no round trip', async () => {
    await directoryUser('cache-ann');

    for (let i = 0; i < 3; i += 1) expect((await signIn('cache-ann')).status).toBe(200);

    expect(lookups('cache-ann')).toBe(1);
  });

  it('refuses a user whose log-on privilege was removed, once user.updated.v1 arrived', async () => {
    const bob = await directoryUser('cache-bob');
    expect((await signIn('cache-bob')).status).toBe(200);
    const withoutLogOn = { ...bob, privileges: [Privilege.ReadOwnArchive] };
    storeHolds(bob, withoutLogOn);
    // No event yet: the cached answer stands (the event is what makes a change known).
    expect((await signIn('cache-bob')).status).toBe(200);

    await gw.announceUserChange('user.updated.v1', {
      user: userSnapshot(withoutLogOn),
      changes: [],
      runId: null,
    });

    expect(await signIn('cache-bob')).toMatchObject({
      status: 403,
      body: { code: 'log-on-not-permitted' },
    });
  });

  it('refuses the old name and signs the new one in, once user.renamed.v1 arrived', async () => {
    const cid = await directoryUser('cache-cid');
    expect((await signIn('cache-cid')).status).toBe(200);
    const renamed = { ...cid, userName: 'cache-cid2' };
    storeHolds(cid, renamed);

    await gw.announceUserChange('user.renamed.v1', {
      user: userSnapshot(renamed),
      previousUserName: 'cache-cid',
      previousDn: cid.dn,
      runId: null,
    });

    expect((await signIn('cache-cid')).status).toBe(401);
    expect(await signIn('cache-cid2')).toMatchObject({
      status: 200,
      body: { user: { id: cid.id, userName: 'cache-cid2' } },
    });
  });

  it('refuses a deleted user, once user.deleted.v1 arrived, at every instance', async () => {
    const dee = await directoryUser('cache-dee');
    expect((await signIn('cache-dee')).status).toBe(200);
    expect((await signIn('cache-dee', other)).status).toBe(200);
    storeHolds(dee, null);
    const handledByOther = other.userCache.eventsHandled;

    await gw.announceUserChange('user.deleted.v1', {
      user: userSnapshot(dee),
      archiveFolderId: null,
      reason: 'deleted-by-admin',
      runId: null,
    });
    // Each instance has a queue of its own: the other one got the event too.
    await waitUntil(() => other.userCache.eventsHandled > handledByOther);

    expect((await signIn('cache-dee')).status).toBe(401);
    expect((await signIn('cache-dee', other)).status).toBe(401);
  });

  it('empties when the broker drops the events connection, and then serves what user-store holds now', async () => {
    const eve = await directoryUser('cache-eve');
    expect((await signIn('cache-eve')).status).toBe(200);
    expect(gw.userCache.size).toBeGreaterThan(0);
    // Changed while the connection is down: the event is lost with it.
    const withoutLogOn = { ...eve, privileges: [] };

    const closed = await closeBrokerConnections(
      gw.servers,
      `${gw.env.AMQP_NAMESPACE}.auth-gateway.user-changes`,
    );
    expect(closed).toBe(2); // one per instance
    await waitUntil(() => gw.userCache.size === 0);
    storeHolds(eve, withoutLogOn);

    expect((await signIn('cache-eve')).status).toBe(403);
    await waitUntil(() => gw.userCache.subscribed, 20_000);
    expect((await signIn('cache-eve')).status).toBe(403);
    // Live again: cached again, and an event is heard again.
    const asked = lookups('cache-eve');
    expect((await signIn('cache-eve')).status).toBe(403);
    expect(lookups('cache-eve')).toBe(asked);
    storeHolds(withoutLogOn, eve);
    await gw.announceUserChange('user.updated.v1', {
      user: userSnapshot(eve),
      changes: [],
      runId: null,
    });
    expect((await signIn('cache-eve')).status).toBe(200);
  }, 60_000);

  it('keeps nothing and asks user-store on every sign-in with USER_CACHE_SIZE=0', async () => {
    const uncached = await GatewayUnderTest.start({ USER_CACHE_SIZE: '0' });
    try {
      await uncached.useSettings(ldapSettings(gw.servers));
      const person = await fixtures.addPerson(people, 'Cache fay', 'cache-fay', PASSWORD);
      uncached.rpc.users = [
        storedUser('cache-fay', { dn: person.dn, externalId: person.entryUUID }),
      ];

      for (let i = 0; i < 3; i += 1) expect((await signIn('cache-fay', uncached)).status).toBe(200);

      expect(uncached.rpc.calls.filter((call) => call.routingKey === 'users.find.v1')).toHaveLength(
        3,
      );
    } finally {
      await uncached.close();
    }
  });
});
