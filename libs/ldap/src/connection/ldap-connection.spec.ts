import {
  InvalidCredentialsError,
  SizeLimitExceededError,
  type Entry,
  type SearchOptions,
  type SearchResult,
} from 'ldapts';
import type { LdapEntry } from '../entry/entry-attributes';
import { LdapConnection, type LdaptsClient } from './ldap-connection';
import { ldapEndpoint } from './ldap-endpoint';

/** A stand-in for ldapts's Client: canned pages, a bind that checks one password. */
class FakeLdapts implements LdaptsClient {
  isConnected = true;
  unbinds = 0;
  searches: { base: string; options: SearchOptions }[] = [];

  constructor(private readonly pages: (Entry[] | Error)[] = []) {}

  async bind(_dn: unknown, password?: string) {
    await Promise.resolve();
    if (password !== 'secret') throw new InvalidCredentialsError();
  }

  async search(base: unknown, options: SearchOptions = {}): Promise<SearchResult> {
    await Promise.resolve();
    this.searches.push({ base: String(base), options });
    return { searchEntries: [{ dn: String(base) }], searchReferences: [] };
  }

  async *searchPaginated(base: unknown, options: SearchOptions = {}): AsyncGenerator<SearchResult> {
    this.searches.push({ base: String(base), options });
    for (const page of this.pages) {
      await Promise.resolve();
      if (page instanceof Error) throw page;
      yield { searchEntries: page, searchReferences: [] };
    }
  }

  async unbind() {
    await Promise.resolve();
    this.unbinds += 1;
    this.isConnected = false;
    throw new Error('socket already closed');
  }
}

const settings = {
  host: 'ldap.example.com',
  protocol: 'ldap' as const,
  acceptAllCertificates: false,
  bindDn: 'cn=admin',
  operationTimeoutMs: 30_500,
};

const entries = (n: number, from = 0): Entry[] =>
  Array.from({ length: n }, (_, i) => ({ dn: `uid=u${from + i},dc=example,dc=com` }));

async function collect(pages: AsyncGenerator<LdapEntry[]>): Promise<number[]> {
  const sizes: number[] = [];
  for await (const page of pages) sizes.push(page.length);
  return sizes;
}

describe(LdapConnection.name, () => {
  it('pages with at most 1,000 entries, no size limit and an explicit server time limit', async () => {
    const fake = new FakeLdapts([entries(1000), entries(1000, 1000), entries(3, 2000)]);
    const sut = new LdapConnection(fake, ldapEndpoint(settings));

    const sizes = await collect(
      sut.searchPages({
        baseDn: 'dc=example,dc=com',
        filter: '(uid=*)',
        attributes: ['uid'],
        pageSize: 5000,
      }),
    );

    expect(sizes).toEqual([1000, 1000, 3]);
    expect(fake.searches[0]?.options).toMatchObject({
      scope: 'sub',
      sizeLimit: 0,
      timeLimit: 31,
      paged: { pageSize: 1000 },
    });
  });

  it('fails the whole search when a later page hits a limit', async () => {
    const fake = new FakeLdapts([
      entries(1000),
      entries(1000),
      new SizeLimitExceededError('Size limit exceeded'),
    ]);
    const sut = new LdapConnection(fake, ldapEndpoint(settings));
    const seen: number[] = [];

    const read = (async () => {
      for await (const page of sut.searchPages({
        baseDn: 'dc=example,dc=com',
        filter: '(uid=*)',
        attributes: [],
      })) {
        seen.push(page.length);
      }
    })();

    await expect(read).rejects.toMatchObject({ code: 'ldap-size-limit-exceeded' });
    expect(seen).toEqual([1000, 1000]);
  });

  it('refuses an invalid filter before sending it, naming the position', async () => {
    const fake = new FakeLdapts([entries(1)]);
    const sut = new LdapConnection(fake, ldapEndpoint(settings));

    await expect(
      collect(sut.searchPages({ baseDn: 'dc=x', filter: '(cn=a**b)', attributes: [] })),
    ).rejects.toMatchObject({
      code: 'ldap-filter-rejected',
      message: expect.stringMatching(/position 6/),
    });
    expect(fake.searches).toHaveLength(0);
  });

  it('refuses an empty password instead of binding anonymously', async () => {
    const sut = new LdapConnection(new FakeLdapts(), ldapEndpoint(settings));

    await expect(sut.bind('cn=admin', '')).rejects.toMatchObject({
      code: 'ldap-invalid-credentials',
    });
    await expect(sut.bind('cn=admin', undefined)).rejects.toMatchObject({
      code: 'ldap-invalid-credentials',
    });
  });

  it('maps a wrong password', async () => {
    const sut = new LdapConnection(new FakeLdapts(), ldapEndpoint(settings));

    await expect(sut.bind('cn=admin', 'wrong')).rejects.toMatchObject({
      code: 'ldap-invalid-credentials',
      message: expect.stringMatching(/ldap.example.com:389 refused the credentials of "cn=admin"/),
    });
  });

  it('does not search on a lost connection (ldapts would reconnect anonymously)', async () => {
    const fake = new FakeLdapts([entries(1)]);
    const sut = new LdapConnection(fake, ldapEndpoint(settings));
    await sut.bind('cn=admin', 'secret');
    fake.isConnected = false;

    await expect(
      collect(sut.searchPages({ baseDn: 'dc=x', filter: '(cn=*)', attributes: [] })),
    ).rejects.toMatchObject({
      code: 'ldap-unreachable',
    });
    await expect(sut.readEntry('dc=x', [])).rejects.toMatchObject({ code: 'ldap-unreachable' });
  });

  it('reads one entry with a base-scope search', async () => {
    const fake = new FakeLdapts();
    const sut = new LdapConnection(fake, ldapEndpoint(settings));

    await expect(sut.readEntry('cn=g,dc=x', ['member;range=1500-*'])).resolves.toEqual({
      dn: 'cn=g,dc=x',
    });
    expect(fake.searches[0]?.options).toMatchObject({
      scope: 'base',
      attributes: ['member;range=1500-*'],
      sizeLimit: 0,
    });
  });

  it('closes once and never throws from close', async () => {
    const fake = new FakeLdapts();
    const sut = new LdapConnection(fake, ldapEndpoint(settings));

    await sut.close();
    await sut[Symbol.asyncDispose]();

    expect(fake.unbinds).toBe(1);
  });
});
