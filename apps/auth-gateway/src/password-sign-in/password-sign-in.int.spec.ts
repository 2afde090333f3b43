import { Privilege } from '@dirsync/contracts';
import { freePort, waitUntil } from '@dirsync/testing';
import { GatewayUnderTest } from '../../test/gateway-under-test';
import { LdapFixtures } from '../../test/ldap-fixtures';
import { ldapSettings, storedUser } from '../../test/test-users';
import { PasswordSignInController } from './password-sign-in.controller';

/**
 * POST /api/v1/sessions/password against the real slapd and RabbitMQ of the
 * test profile; user-store and config-api are in-process fakes.
 */
describe(PasswordSignInController.name, () => {
  const DEMO_PASSWORD = 'demo-password';
  const SECRETS = [
    'alice-Secret-1',
    'mover-Secret-2',
    'star-Secret-3',
    'wrong-Guess-4',
    DEMO_PASSWORD,
  ];
  let gw: GatewayUnderTest;
  let fixtures: LdapFixtures;
  let nextClient = 0;
  /** Each test signs in from its own address (TRUST_PROXY=loopback), so per-address limits stay apart. */
  const client = () => ({ 'x-forwarded-for': `192.0.2.${(nextClient += 1)}` });
  const signIn = (userName: string, password: string, headers: Record<string, string> = client()) =>
    gw.post('/api/v1/sessions/password', { userName, password }, headers);

  beforeAll(async () => {
    gw = await GatewayUnderTest.start({
      TRUST_PROXY: 'loopback',
      RATE_LIMIT_MAX_FAILURES_PER_USER: '3',
      RATE_LIMIT_MAX_FAILURES_PER_CLIENT: '8',
    });
    fixtures = await LdapFixtures.create(gw.servers);
    await gw.useSettings(ldapSettings(gw.servers));
    const aokaforDn = 'uid=aokafor,ou=people,dc=example,dc=com';
    gw.rpc.users = [
      storedUser('aokafor', { dn: aokaforDn, externalId: await fixtures.entryUuid(aokaforDn) }),
      storedUser('local-admin', { authMethod: 'local' }),
    ];
  });

  afterAll(async () => {
    await fixtures?.remove();
    await gw?.close();
  });

  it('signs a synchronized user in with the directory password and issues a verifiable session', async () => {
    const answer = await signIn('AOkafor', DEMO_PASSWORD, { 'x-forwarded-for': '198.51.100.7' });

    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.headers.get('etag')).toBeNull();
    const user = gw.rpc.users[0]!;
    expect(answer.body).toEqual({
      token: expect.any(String),
      expiresAt: expect.any(String),
      user: { id: user.id, userName: 'aokafor', privileges: user.privileges },
    });
    const verified = await gw.post('/api/v1/sessions/verify', { token: answer.body['token'] });
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({
      userId: user.id,
      userName: 'aokafor',
      authMethod: 'ldap',
    });

    const [signInEvent] = await gw.events.waitForSignIns('auth.succeeded.v2', 1);
    expect(signInEvent).toMatchObject({
      userId: user.id,
      userName: 'aokafor',
      method: 'ldap',
      clientAddress: '198.51.100.7',
    });
  });

  it('answers wrong password, unknown, local and deleted users identically and no sooner than the floor', async () => {
    const answers = [
      await signIn('aokafor', 'wrong-Guess-4'),
      await signIn('nobody-at-all', 'wrong-Guess-4'),
      await signIn('local-admin', 'wrong-Guess-4'),
      await signIn('deleted-since', DEMO_PASSWORD),
    ];

    for (const answer of answers) {
      expect(answer.status).toBe(401);
      expect(answer.body).toEqual({
        statusCode: 401,
        code: 'invalid-credentials',
        message: 'invalid user name or password',
      });
      // A lower bound only: how much longer an answer takes depends on the machine's load.
      // password-sign-in.service.spec.ts checks that success is not held back.
      expect(answer.ms).toBeGreaterThanOrEqual(gw.env.SIGN_IN_FAILURE_MIN_MS);
    }

    const failed = await gw.events.waitForSignIns('auth.failed.v2', 4);
    expect(failed.slice(-4).map((signIn) => signIn['reason'])).toEqual([
      'invalid-credentials',
      'user-not-found',
      'not-a-directory-user',
      'user-not-found',
    ]);
  });

  it('refuses an empty password before asking anyone, the directory included', async () => {
    const open = jest.spyOn(gw.connector, 'open');
    const rpcCalls = gw.rpc.calls.length;

    const answer = await signIn('aokafor', '');

    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ code: 'empty-password' });
    expect(open).not.toHaveBeenCalled();
    expect(gw.rpc.calls).toHaveLength(rpcCalls);
    open.mockRestore();
  });

  it('finds a user who moved to another OU after the sync (search fallback) and binds there', async () => {
    const before = await fixtures.addOu('before-move');
    const after = await fixtures.addOu('after-move');
    const mover = await fixtures.addPerson(before, 'Mo Ver', 'agw-mover', 'mover-Secret-2');
    gw.rpc.users.push(storedUser('agw-mover', { dn: mover.dn, externalId: mover.entryUUID }));
    await fixtures.move(mover.dn, after);

    expect((await signIn('agw-mover', 'mover-Secret-2')).status).toBe(200);
    expect((await signIn('agw-mover', 'wrong-Guess-4')).status).toBe(401);
  });

  it('refuses the moved name when another person now holds it', async () => {
    const people = await fixtures.addOu('takeover');
    await fixtures.addPerson(people, 'New Holder', 'agw-taken', 'alice-Secret-1');
    // The store still knows the former holder: another entryUUID, a DN that no longer exists.
    gw.rpc.users.push(
      storedUser('agw-taken', {
        dn: `cn=Former Holder,${people}`,
        externalId: '00000000-0000-4000-8000-000000000000',
      }),
    );

    expect((await signIn('agw-taken', 'alice-Secret-1')).status).toBe(401);
  });

  it("refuses a new entry at a deleted user's DN with the uniform 401 and audits identity-mismatch", async () => {
    const people = await fixtures.addOu('reused-dn');
    const former = await fixtures.addPerson(people, 'Re Used', 'agw-reused', 'former-Secret-5');
    const user = storedUser('agw-reused', { dn: former.dn, externalId: former.entryUUID });
    gw.rpc.users.push(user);
    expect((await signIn('agw-reused', 'former-Secret-5')).status).toBe(200);

    await fixtures.recreatePerson(former, 'agw-reused', 'successor-Secret-6');
    const refused = await signIn('agw-reused', 'successor-Secret-6');

    expect(refused.status).toBe(401);
    expect(refused.body).toEqual({
      statusCode: 401,
      code: 'invalid-credentials',
      message: 'invalid user name or password',
    });
    const failedOfUser = () =>
      gw.events.signIns('auth.failed.v2').filter((signIn) => signIn['userName'] === 'agw-reused');
    await waitUntil(() => failedOfUser().length > 0);
    expect(failedOfUser().map((signIn) => signIn['reason'])).toEqual(['identity-mismatch']);
    expect(gw.logger.text()).toContain(`"storedStableId":"${former.entryUUID}"`);
    expect((await signIn('aokafor', DEMO_PASSWORD)).status).toBe(200);
  });

  it('matches filter metacharacters in user names literally', async () => {
    const odd = await fixtures.addOu('odd-names');
    const star = await fixtures.addPerson(odd, 'Star Person', 'star*)(uid=*', 'star-Secret-3');
    const gone = `cn=Gone,${odd}`;
    gw.rpc.users.push(
      storedUser('star*)(uid=*', { dn: gone, externalId: star.entryUUID }),
      storedUser('*', { dn: gone }),
      storedUser(')(uid=*', { dn: gone }),
    );

    // The fallback search finds exactly the entry whose uid is that text...
    expect((await signIn('star*)(uid=*', 'star-Secret-3')).status).toBe(200);
    // ...and `*` or `)(uid=*` match no one, instead of every entry.
    expect((await signIn('*', 'star-Secret-3')).status).toBe(401);
    expect((await signIn(')(uid=*', DEMO_PASSWORD)).status).toBe(401);
    expect((await signIn('*', DEMO_PASSWORD)).status).toBe(401);
  });

  it('refuses with 503 directory-unavailable when slapd cannot be reached, known user or not', async () => {
    await gw.useSettings(ldapSettings(gw.servers, { port: await freePort() }));
    try {
      const known = await signIn('aokafor', DEMO_PASSWORD);
      const unknown = await signIn('nobody-at-all', DEMO_PASSWORD);

      for (const answer of [known, unknown]) {
        expect(answer.status).toBe(503);
        expect(answer.body).toEqual({
          statusCode: 503,
          code: 'directory-unavailable',
          message: 'the directory cannot verify passwords right now; try again later',
        });
      }
    } finally {
      await gw.useSettings(ldapSettings(gw.servers));
    }
  });

  it('signs in over StartTLS with the CA, and refuses when the certificate does not match the host', async () => {
    const { readFile } = await import('node:fs/promises');
    const caCertificatePem = await readFile(gw.servers.LDAP_CA_FILE, 'utf8');
    try {
      await gw.useSettings(ldapSettings(gw.servers, { protocol: 'ldap-tls', caCertificatePem }));
      expect((await signIn('aokafor', DEMO_PASSWORD)).status).toBe(200);

      await gw.useSettings(
        ldapSettings(gw.servers, {
          protocol: 'ldap-ssl',
          host: 'localhost',
          port: Number(gw.servers.LDAPS_PORT),
          caCertificatePem,
        }),
      );
      const refused = await signIn('aokafor', DEMO_PASSWORD);
      expect(refused.status).toBe(503);
      expect(refused.body).toMatchObject({ code: 'directory-unavailable' });
    } finally {
      await gw.useSettings(ldapSettings(gw.servers));
    }
  });

  it('rate-limits failures per user name with a clear 429, without refusing anyone else', async () => {
    const people = await fixtures.addOu('limits');
    const alice = await fixtures.addPerson(people, 'Alice', 'agw-alice', 'alice-Secret-1');
    gw.rpc.users.push(storedUser('agw-alice', { dn: alice.dn, externalId: alice.entryUUID }));

    for (let attempt = 0; attempt < 3; attempt += 1)
      expect((await signIn('agw-alice', 'wrong-Guess-4')).status).toBe(401);
    const limited = await signIn('agw-alice', 'alice-Secret-1');

    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ code: 'too-many-attempts' });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await signIn('aokafor', DEMO_PASSWORD)).status).toBe(200);
  });

  it('does not let a burst of parallel guesses slip under the limit', async () => {
    const people = await fixtures.addOu('burst');
    const carl = await fixtures.addPerson(people, 'Carl', 'agw-carl', 'alice-Secret-1');
    gw.rpc.users.push(storedUser('agw-carl', { dn: carl.dn, externalId: carl.entryUUID }));

    const answers = await Promise.all(
      Array.from({ length: 6 }, () => signIn('agw-carl', 'wrong-Guess-4')),
    );

    expect(answers.map((answer) => answer.status).sort()).toEqual([401, 401, 401, 429, 429, 429]);
  });

  it('rate-limits failures per client address across user names', async () => {
    const attacker = { 'x-forwarded-for': '203.0.113.66' };
    for (let attempt = 0; attempt < 8; attempt += 1) {
      expect((await signIn(`guess-${attempt}`, 'wrong-Guess-4', attacker)).status).toBe(401);
    }
    expect((await signIn('guess-new', 'wrong-Guess-4', attacker)).status).toBe(429);
    expect((await signIn('aokafor', DEMO_PASSWORD)).status).toBe(200);
  });

  it('refuses a user without the log-on privilege after checking the password', async () => {
    const people = await fixtures.addOu('no-logon');
    const bob = await fixtures.addPerson(people, 'Bob', 'agw-bob', 'alice-Secret-1');
    gw.rpc.users.push(
      storedUser('agw-bob', {
        dn: bob.dn,
        externalId: bob.entryUUID,
        privileges: [Privilege.ReadOwnArchive],
      }),
    );

    expect(await signIn('agw-bob', 'alice-Secret-1')).toMatchObject({
      status: 403,
      body: { code: 'log-on-not-permitted' },
    });
  });

  it('says password sign-in is unavailable when users sign in through AD FS', async () => {
    const settings = ldapSettings(gw.servers);
    await gw.useSettings({
      ...settings,
      authentication: {
        method: 'adfs-oidc',
        adfs: {
          discoveryUri: 'https://adfs.example.com/adfs',
          clientId: 'dirsync',
          redirectUri: `${gw.baseUrl}/cb`,
          alwaysRequireCredentials: false,
        },
      },
    });
    try {
      const answer = await signIn('aokafor', DEMO_PASSWORD);
      expect(answer.status).toBe(403);
      expect(answer.body).toMatchObject({
        code: 'password-sign-in-unavailable',
        message: 'password sign-in is not available when users sign in through AD FS',
      });
    } finally {
      await gw.useSettings(settings);
    }
  });

  it('refuses malformed bodies with 400', async () => {
    expect((await gw.post('/api/v1/sessions/password', { userName: 'aokafor' })).status).toBe(400);
    expect(
      (await gw.post('/api/v1/sessions/password', { userName: 'a', password: 'b', admin: true }))
        .status,
    ).toBe(400);
    expect(
      (await gw.post('/api/v1/sessions/password', { userName: ['aokafor'], password: 'x' })).status,
    ).toBe(400);
  });

  it('never logs or publishes a password', () => {
    const published = JSON.stringify(gw.events.events);
    const logged = gw.logger.text();
    expect(logged.length).toBeGreaterThan(0);
    for (const secret of SECRETS) {
      expect(logged).not.toContain(secret);
      expect(published).not.toContain(secret);
    }
  });
});
