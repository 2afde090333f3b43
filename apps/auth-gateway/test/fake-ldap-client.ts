import { InvalidCredentialsError, type SearchResult } from 'ldapts';
import { LdapConnection, type LdaptsClient, ldapEndpoint } from '@dirsync/ldap';

/** The entryUUID of every entry of the fake directory. */
export const FAKE_ENTRY_UUID = '2f9a6c1e-7f6b-4c1d-9a39-2a4f1f0c5b11';

/** One socket to a fake directory where every DN's password is `right`. */
export class FakeLdapClient implements LdaptsClient {
  isConnected = true;
  readonly binds: string[] = [];
  /** The socket is gone but nobody noticed yet: the next request fails as ldapts reports it. */
  lostUnnoticed = false;

  async bind(dn: unknown, password?: string) {
    await Promise.resolve();
    if (!this.isConnected || this.lostUnnoticed) {
      this.isConnected = false;
      throw new Error('Connection closed before message response was received');
    }
    if (password !== 'right') throw new InvalidCredentialsError('invalid credentials');
    this.binds.push(String(dn));
  }

  async search(base: unknown): Promise<SearchResult> {
    await Promise.resolve();
    return {
      searchEntries: [{ dn: String(base), entryUUID: FAKE_ENTRY_UUID }],
      searchReferences: [],
    };
  }

  // eslint-disable-next-line require-yield -- no paged searches in these tests
  async *searchPaginated(): AsyncGenerator<SearchResult> {
    await Promise.resolve();
    throw new Error('not expected');
  }

  async unbind() {
    await Promise.resolve();
    this.isConnected = false;
  }

  /** What the server closing the socket looks like to ldapts. */
  dropSocket() {
    this.isConnected = false;
  }
}

/** Opens connections over new FakeLdapClients and remembers each. */
export class FakeLdapServer {
  readonly clients: FakeLdapClient[] = [];

  readonly open = (): Promise<LdapConnection> => {
    const client = new FakeLdapClient();
    this.clients.push(client);
    return Promise.resolve(
      new LdapConnection(
        client,
        ldapEndpoint({
          host: 'ldap.example.com',
          protocol: 'ldap',
          acceptAllCertificates: false,
          bindDn: 'cn=svc',
        }),
      ),
    );
  };
}
