import { InvalidCredentialsError, type SearchResult } from 'ldapts';
import type { DirectorySettings } from '@dirsync/contracts';
import { LdapConnection, type LdaptsClient, ldapEndpoint } from '@dirsync/ldap';
import { FAKE_ENTRY_UUID, FakeLdapServer } from '../../test/fake-ldap-client';
import { storedUser } from '../../test/test-users';
import { DirectoryBindClient } from './directory-bind.client';
import type { AuthGatewayEnv } from '../config/auth-gateway.env';
import type { LdapConnector } from './ldap-connector';
import { LdapPools } from './ldap-pools';

const USER_DN = 'CN=Jo Doe,OU=Staff,DC=example,DC=com';
/** objectGUID as Active Directory stores it: the first three groups little-endian. */
const GUID_BYTES = Buffer.from('8a7b33a0b6ecfa4aa0f8c36b0a3e2a1f', 'hex');
const GUID_TEXT = 'a0337b8a-ecb6-4afa-a0f8-c36b0a3e2a1f';
const OTHER_GUID_BYTES = Buffer.from('00112233445566778899aabbccddeeff', 'hex');

/** Active Directory's refusal of a bind, as Windows words it. */
const adRefusal = (data: string) =>
  new InvalidCredentialsError(
    `80090308: LdapErr: DSID-0C09041C, comment: AcceptSecurityContext error, data ${data}, v4563\u0000`,
  );

/** One Active Directory account: its password, the state AD reports for it, its objectGUID. */
class FakeActiveDirectory implements LdaptsClient {
  isConnected = true;
  constructor(
    private readonly account: { password: string; refusal?: string; objectGUID: Buffer },
  ) {}

  async bind(dn: unknown, password?: string) {
    await Promise.resolve();
    if (dn !== USER_DN || password !== this.account.password) throw adRefusal('52e');
    if (this.account.refusal) throw adRefusal(this.account.refusal);
  }

  async search(base: unknown): Promise<SearchResult> {
    await Promise.resolve();
    const entries = base === USER_DN ? [{ dn: USER_DN, objectGUID: this.account.objectGUID }] : [];
    return { searchEntries: entries, searchReferences: [] };
  }

  // eslint-disable-next-line require-yield -- the fallback search is not reached in these cases
  async *searchPaginated(): AsyncGenerator<SearchResult> {
    await Promise.resolve();
    throw new Error('not expected: the bind named the reason');
  }

  async unbind() {
    await Promise.resolve();
    this.isConnected = false;
  }
}

const settings = {
  connection: {
    host: 'dc1.example.com',
    protocol: 'ldap',
    acceptAllCertificates: false,
    bindDn: 'svc@example.com',
    bindPassword: 'service-secret',
  },
  users: { userNameAttribute: 'sAMAccountName', localPartOnly: false },
} as DirectorySettings;

function clientFor(directory: FakeActiveDirectory): DirectoryBindClient {
  const connector = {
    open: () => Promise.resolve(new LdapConnection(directory, ldapEndpoint(settings.connection))),
  };
  return new DirectoryBindClient(
    new LdapPools(connector as unknown as LdapConnector, { LDAP_POOL_SIZE: 4 } as AuthGatewayEnv),
  );
}

const jo = storedUser('jdoe', { dn: USER_DN, externalId: GUID_TEXT });

describe(DirectoryBindClient.name, () => {
  it.each([
    ['533', 'account-disabled', 'the account is disabled'],
    ['775', 'account-locked', 'the account is locked out'],
    ['532', 'password-expired', 'the password has expired'],
    ['701', 'account-expired', 'the account has expired'],
    ['773', 'password-must-change', 'the password must be changed'],
    ['530', 'logon-hours-restricted', 'logon hours'],
    ['531', 'workstation-restricted', 'workstation restriction'],
  ])(
    'names Active Directory data %s as %s for the right password',
    async (refusal, outcome, reason) => {
      const sut = clientFor(
        new FakeActiveDirectory({ password: 'right', refusal, objectGUID: GUID_BYTES }),
      );

      const verdict = await sut.verifyPassword(settings, jo, 'right');

      expect(verdict).toEqual({ outcome, message: expect.stringContaining(reason) });
      expect(verdict).toMatchObject({
        message: expect.stringContaining(`"${USER_DN}"`),
      });
    },
  );

  it('accepts the entry whose objectGUID, decoded as the reader does, is the stored id', async () => {
    const sut = clientFor(new FakeActiveDirectory({ password: 'right', objectGUID: GUID_BYTES }));

    await expect(sut.verifyPassword(settings, jo, 'right')).resolves.toEqual({
      outcome: 'success',
      dn: USER_DN,
    });
  });

  it('refuses an entry at the stored DN whose objectGUID is another', async () => {
    const sut = clientFor(
      new FakeActiveDirectory({ password: 'right', objectGUID: OTHER_GUID_BYTES }),
    );

    await expect(sut.verifyPassword(settings, jo, 'right')).resolves.toEqual({
      outcome: 'identity-mismatch',
      message: expect.stringContaining(
        `the entry at ${USER_DN} is now another directory object (stable id stored ${GUID_TEXT} ≠ found 33221100-5544-7766-8899-aabbccddeeff)`,
      ),
    });
  });

  it('refuses a stored user without a stable id: nothing can be proven', async () => {
    const sut = clientFor(new FakeActiveDirectory({ password: 'right', objectGUID: GUID_BYTES }));

    await expect(
      sut.verifyPassword(settings, { ...jo, externalId: null }, 'right'),
    ).resolves.toMatchObject({ outcome: 'identity-mismatch' });
  });

  describe('with pooled connections', () => {
    const user = storedUser('pooled', {
      dn: 'uid=pooled,dc=example,dc=com',
      externalId: FAKE_ENTRY_UUID,
    });

    function pooled() {
      const server = new FakeLdapServer();
      const pools = new LdapPools(
        { open: server.open } as unknown as LdapConnector,
        { LDAP_POOL_SIZE: 4 } as AuthGatewayEnv,
      );
      return { server, pools, sut: new DirectoryBindClient(pools) };
    }

    it('binds the next user on the connection of the previous sign-in, and reads the id there', async () => {
      const { server, sut } = pooled();

      await expect(sut.verifyPassword(settings, user, 'right')).resolves.toMatchObject({
        outcome: 'success',
      });
      await expect(sut.verifyPassword(settings, user, 'right')).resolves.toMatchObject({
        outcome: 'success',
      });

      expect(server.clients).toHaveLength(1);
      expect(server.clients[0]!.binds).toEqual([user.dn, user.dn]);
    });

    it("closes a refused bind's connection and never hands it out again", async () => {
      const { server, pools, sut } = pooled();

      await sut.probe(settings);

      expect(server.clients[0]!.isConnected).toBe(false);
      const next = await pools.forSettings(settings.connection).userBinds.acquire();
      expect(next.reused).toBe(false);
      expect(server.clients).toHaveLength(2);
    });

    it('replaces a reused connection that turns out dead and binds again on a new one', async () => {
      const { server, sut } = pooled();
      await sut.verifyPassword(settings, user, 'right');
      server.clients[0]!.lostUnnoticed = true;

      await expect(sut.verifyPassword(settings, user, 'right')).resolves.toMatchObject({
        outcome: 'success',
      });

      expect(server.clients).toHaveLength(2);
      expect(server.clients[1]!.binds).toEqual([user.dn]);
    });
  });
});
