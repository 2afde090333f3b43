import { GatewayUnderTest } from '../../test/gateway-under-test';
import { ldapSettings, storedUser } from '../../test/test-users';
import { SignInThrottle } from './sign-in-throttle';

/**
 * Two auth-gateway instances sharing one database and one AMQP namespace,
 * against the real slapd: they count the same failures, and correct
 * passwords from one address are never refused, however many at once.
 */
describe(`${SignInThrottle.name} across instances`, () => {
  const DEMO_PASSWORD = 'demo-password';
  const AOKAFOR_DN = 'uid=aokafor,ou=people,dc=example,dc=com';
  let first: GatewayUnderTest;
  let second: GatewayUnderTest;

  const signIn = (gw: GatewayUnderTest, userName: string, password: string, address: string) =>
    gw.post('/api/v1/sessions/password', { userName, password }, { 'x-forwarded-for': address });

  beforeAll(async () => {
    const env = {
      TRUST_PROXY: 'loopback',
      RATE_LIMIT_MAX_FAILURES_PER_USER: '3',
      RATE_LIMIT_MAX_FAILURES_PER_CLIENT: '4',
      SIGN_IN_FAILURE_MIN_MS: '50',
    };
    first = await GatewayUnderTest.start(env);
    second = await GatewayUnderTest.start(env, { share: first });
    await first.useSettings(ldapSettings(first.servers));
    await second.useSettings(ldapSettings(first.servers));
    // The demo people, as the sync stored them (entryUUID read by one base search each).
    const { Client } = await import('ldapts');
    const reader = new Client({ url: first.servers.LDAP_URL });
    try {
      await reader.bind(first.servers.LDAP_BIND_DN, first.servers.LDAP_BIND_PASSWORD);
      const { searchEntries } = await reader.search('ou=people,dc=example,dc=com', {
        filter: '(objectClass=inetOrgPerson)',
        attributes: ['uid', 'entryUUID'],
      });
      first.rpc.users = searchEntries.map((entry) =>
        storedUser(String(entry['uid']), { dn: entry.dn, externalId: String(entry['entryUUID']) }),
      );
    } finally {
      await reader.unbind();
    }
  });

  afterAll(async () => {
    await second?.close();
    await first?.close();
  });

  it("counts one user name's failures on either instance against the same limit", async () => {
    expect((await signIn(first, 'aokafor', 'wrong-1', '192.0.2.10')).status).toBe(401);
    expect((await signIn(second, 'aokafor', 'wrong-2', '192.0.2.11')).status).toBe(401);
    expect((await signIn(first, 'aokafor', 'wrong-3', '192.0.2.12')).status).toBe(401);

    const limited = await signIn(second, 'aokafor', DEMO_PASSWORD, '192.0.2.13');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it("counts one address's failures on either instance against the same limit", async () => {
    const attacker = '203.0.113.9';
    for (let i = 0; i < 4; i += 1) {
      const gw = i % 2 === 0 ? first : second;
      expect((await signIn(gw, `nobody-${i}`, 'wrong', attacker)).status).toBe(401);
    }
    expect((await signIn(first, 'nobody-new', 'wrong', attacker)).status).toBe(429);
    expect((await signIn(second, 'nobody-new', 'wrong', attacker)).status).toBe(429);
  });

  it('lets 64 correct sign-ins from one address through at once, on both instances', async () => {
    const office = '198.51.100.77';
    const people = first.rpc.users.filter((user) => user.dn !== AOKAFOR_DN);
    expect(people.length).toBeGreaterThan(3);

    const answers = await Promise.all(
      Array.from({ length: 64 }, (_, i) =>
        signIn(
          i % 2 === 0 ? first : second,
          people[i % people.length]!.userName,
          DEMO_PASSWORD,
          office,
        ),
      ),
    );

    expect(answers.map((answer) => answer.status)).toEqual(Array(64).fill(200));
  });
});
