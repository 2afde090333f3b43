import { readFile } from 'node:fs/promises';
import { verifyPasswordPurpose, type VerifyPasswordResult } from '@dirsync/contracts';
import { LdapConnection } from '@dirsync/ldap';
import { RpcClient, TransportSealer } from '@dirsync/messaging';
import { freePort } from '@dirsync/testing';
import { GatewayUnderTest } from '../../test/gateway-under-test';
import { SignInAudit } from '../audit/sign-in-audit';
import { type FixturePerson, LdapFixtures } from '../../test/ldap-fixtures';
import { ldapSettings, storedUser } from '../../test/test-users';
import { VerifyPasswordHandler } from './verify-password.handler';

/**
 * config-api's "Test authentication": `auth.verify-password.v1` over the real
 * RabbitMQ, answered by the gateway against the real slapd, with the precise
 * outcome and no session.
 */
describe(VerifyPasswordHandler.name, () => {
  let gw: GatewayUnderTest;
  let fixtures: LdapFixtures;
  let configApi: RpcClient;
  let moverDn: string;
  let reused: FixturePerson;
  const AOKAFOR_DN = 'uid=aokafor,ou=people,dc=example,dc=com';
  /** As config-api sends it: the password sealed for this message and this user. */
  const sealed = (userName: string, password: string) =>
    TransportSealer.fromConfig(gw.env.TRANSPORT_SEALING_KEYS).seal(password, {
      routingKey: 'auth.verify-password.v1',
      purpose: verifyPasswordPurpose(userName),
    });
  const verify = (userName: string, password: string): Promise<VerifyPasswordResult> =>
    configApi.call('auth.verify-password.v1', {
      userName,
      passwordSealed: sealed(userName, password),
    });

  beforeAll(async () => {
    gw = await GatewayUnderTest.start({}, { rpcServer: true });
    configApi = new RpcClient({
      amqpUrl: gw.servers.AMQP_URL,
      namespace: gw.env.AMQP_NAMESPACE,
      service: 'config-api',
      rpcTimeoutMs: 15_000,
    });
    fixtures = await LdapFixtures.create(gw.servers);
    const before = await fixtures.addOu('before');
    const after = await fixtures.addOu('after');
    const mover = await fixtures.addPerson(before, 'Mo Ver', 'agw-mover', 'mover-Secret-2');
    moverDn = await fixtures.move(mover.dn, after);
    reused = await fixtures.addPerson(before, 'Re Used', 'agw-reused', 'former-Secret-5');
    await gw.useSettings(ldapSettings(gw.servers));
    gw.rpc.users = [
      storedUser('aokafor', { dn: AOKAFOR_DN, externalId: await fixtures.entryUuid(AOKAFOR_DN) }),
      storedUser('agw-reused', { dn: reused.dn, externalId: reused.entryUUID }),
      storedUser('agw-mover', { dn: mover.dn, externalId: mover.entryUUID }),
      storedUser('local-admin', { authMethod: 'local' }),
    ];
  });

  afterAll(async () => {
    await configApi?.onApplicationShutdown();
    await fixtures?.remove();
    await gw?.close();
  });

  afterEach(async () => {
    await gw.useSettings(ldapSettings(gw.servers));
  });

  it('reports success with the DN that accepted the password', async () => {
    await expect(verify('aokafor', 'demo-password')).resolves.toEqual({
      outcome: 'success',
      message: 'the directory accepted the password of uid=aokafor,ou=people,dc=example,dc=com',
      dn: 'uid=aokafor,ou=people,dc=example,dc=com',
    });
  });

  it('refuses a password sealed for another user or with another key, binding nothing', async () => {
    const binds = jest.spyOn(LdapConnection.prototype, 'bind');
    try {
      const replayed = {
        userName: 'aokafor',
        passwordSealed: sealed('agw-mover', 'demo-password'),
      };
      await expect(configApi.call('auth.verify-password.v1', replayed)).rejects.toMatchObject({
        code: 'sealed-value-refused',
      });
      const otherKey = TransportSealer.fromConfig(
        `other:${Buffer.alloc(32, 7).toString('base64')}`,
      );
      const foreign = otherKey.seal('demo-password', {
        routingKey: 'auth.verify-password.v1',
        purpose: verifyPasswordPurpose('aokafor'),
      });
      await expect(
        configApi.call('auth.verify-password.v1', { userName: 'aokafor', passwordSealed: foreign }),
      ).rejects.toMatchObject({ code: 'sealed-value-refused' });
      expect(binds).not.toHaveBeenCalled();
    } finally {
      binds.mockRestore();
    }
  });

  it('proves the identity with one bind and one base read, on the same (pooled) connection', async () => {
    const binds = jest.spyOn(LdapConnection.prototype, 'bind');
    const reads = jest.spyOn(LdapConnection.prototype, 'readEntry');
    const searches = jest.spyOn(LdapConnection.prototype, 'searchPages');
    try {
      await expect(verify('aokafor', 'demo-password')).resolves.toMatchObject({
        outcome: 'success',
      });
      expect(binds.mock.calls).toEqual([[AOKAFOR_DN, 'demo-password']]);
      expect(reads.mock.calls).toEqual([[AOKAFOR_DN, expect.any(Array), expect.any(Array)]]);
      expect(reads.mock.contexts[0]).toBe(binds.mock.contexts[0]);
      expect(searches).not.toHaveBeenCalled();
    } finally {
      binds.mockRestore();
      reads.mockRestore();
      searches.mockRestore();
    }
  });

  it("names a new entry at a deleted user's DN as another directory object", async () => {
    await expect(verify('agw-reused', 'former-Secret-5')).resolves.toMatchObject({
      outcome: 'success',
    });
    const successor = await fixtures.recreatePerson(reused, 'agw-reused', 'successor-Secret-6');

    await expect(verify('agw-reused', 'successor-Secret-6')).resolves.toEqual({
      outcome: 'identity-mismatch',
      message: expect.stringContaining(
        `the entry at ${reused.dn} is now another directory object (stable id stored ${reused.entryUUID} ≠ found ${successor.entryUUID.toLowerCase()})`,
      ),
    });
    // The former password is refused at that DN, and the name is held by the other object too.
    await expect(verify('agw-reused', 'former-Secret-5')).resolves.toMatchObject({
      outcome: 'identity-mismatch',
    });
    await expect(verify('aokafor', 'demo-password')).resolves.toMatchObject({ outcome: 'success' });
  });

  it('follows a moved user to the new DN', async () => {
    await expect(verify('agw-mover', 'mover-Secret-2')).resolves.toMatchObject({
      outcome: 'success',
      dn: moverDn,
    });
  });

  it.each([
    ['a wrong password', 'aokafor', 'not-the-password', 'invalid-credentials'],
    ['an unknown user', 'nobody-at-all', 'demo-password', 'user-not-found'],
    ['a local user', 'local-admin', 'demo-password', 'not-a-directory-user'],
  ])('names %s', async (_, userName, password, outcome) => {
    await expect(verify(userName, password)).resolves.toMatchObject({
      outcome,
      message: expect.any(String),
    });
  });

  it('names an empty password without contacting the directory', async () => {
    const open = jest.spyOn(gw.connector, 'open');
    await expect(verify('aokafor', '')).resolves.toMatchObject({ outcome: 'empty-password' });
    expect(open).not.toHaveBeenCalled();
    open.mockRestore();
  });

  it('names an unreachable directory', async () => {
    await gw.useSettings(ldapSettings(gw.servers, { port: await freePort() }));
    const result = await verify('aokafor', 'demo-password');
    expect(result).toMatchObject({ outcome: 'directory-unreachable' });
    expect(result.message).toMatch(
      /cannot reach the LDAP server 127\.0\.0\.1:\d+ \(ECONNREFUSED\)/,
    );
  });

  it('names a TLS failure and its reason', async () => {
    await gw.useSettings(
      ldapSettings(gw.servers, {
        protocol: 'ldap-ssl',
        host: 'localhost',
        port: Number(gw.servers.LDAPS_PORT),
        caCertificatePem: await readFile(gw.servers.LDAP_CA_FILE, 'utf8'),
      }),
    );
    await expect(verify('aokafor', 'demo-password')).resolves.toMatchObject({
      outcome: 'tls-error',
      message: expect.stringContaining('host-name mismatch'),
    });
  });

  it('names a directory error when the service account is refused', async () => {
    await gw.useSettings(ldapSettings(gw.servers, { bindPassword: 'not-the-admin-password' }));
    await expect(verify('agw-mover', 'mover-Secret-2')).resolves.toMatchObject({
      outcome: 'directory-error',
      message: expect.stringContaining('refused the service account'),
    });
  });

  it('says password sign-in is unavailable under AD FS', async () => {
    const settings = ldapSettings(gw.servers);
    await gw.useSettings({
      ...settings,
      authentication: {
        method: 'adfs-oidc',
        adfs: {
          discoveryUri: 'https://adfs.example.com/adfs',
          clientId: 'c',
          redirectUri: 'https://x/cb',
          alwaysRequireCredentials: true,
        },
      },
    });
    await expect(verify('aokafor', 'demo-password')).resolves.toMatchObject({
      outcome: 'password-sign-in-unavailable',
    });
  });

  it('publishes no sign-in event and issues no session', async () => {
    await verify('aokafor', 'demo-password');
    // Markers given to the gateway's own audit after the reply (each kind is published in
    // order, one channel): an audit record of this or any earlier verification would be in
    // the same event as its kind's marker or in an earlier one.
    const audit = gw.app.get(SignInAudit);
    audit.failed('marker-after-verify', 'ldap', null, 'test-marker');
    audit.succeeded(storedUser('marker-after-verify'), 'ldap', null);
    await gw.events.waitForSignIns('auth.failed.v2', 1);
    await gw.events.waitForSignIns('auth.succeeded.v2', 1);
    const userNames = (routingKey: string) =>
      gw.events.signIns(routingKey).map((signIn) => signIn['userName']);
    expect(userNames('auth.failed.v2')).toEqual(['marker-after-verify']);
    expect(userNames('auth.succeeded.v2')).toEqual(['marker-after-verify']);
    expect(gw.events.events).toHaveLength(2);
  });
});
