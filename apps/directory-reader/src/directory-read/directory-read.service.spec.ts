import { Logger } from '@nestjs/common';
import type { Entry } from 'ldapts';
import type {
  DirectoryReadPage,
  DirectorySettings,
  DirectoryReadRequest,
} from '@dirsync/contracts';
import {
  FakeDirectoryClient,
  FakeLdapts,
  filterIncludes,
  type FakeSearch,
} from '../../test/fake-directory';
import { DirectoryReadService } from './directory-read.service';

const settings = (overrides: Partial<DirectorySettings['groups']> = {}): DirectorySettings => ({
  connection: {
    host: 'ldap.example.com',
    protocol: 'ldap',
    acceptAllCertificates: false,
    bindDn: 'cn=admin,dc=example,dc=com',
    bindPassword: 'secret',
    baseDn: 'dc=example,dc=com',
  },
  users: {
    filter: '(objectClass=posixAccount)',
    userNameAttribute: 'uid',
    localPartOnly: false,
    emailAttribute: 'mail',
  },
  groups: {
    filter: '(objectClass=posixGroup)',
    nameAttribute: 'cn',
    membersAttribute: 'member',
    syncGroups: ['staff'],
    ...overrides,
  },
  authentication: { method: 'ldap' },
  options: { autoDeleteUsers: false, defaultPrivileges: [] },
});

const person = (n: number): Entry => ({
  dn: `uid=u${n},ou=people,dc=example,dc=com`,
  entryUUID: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  uid: `u${n}`,
  mail: `u${n}@example.com`,
});
const people = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => person(from + i));
const group = (cn: string, members: string[]): Entry => ({
  dn: `cn=${cn},ou=groups,dc=example,dc=com`,
  cn,
  member: members,
});

const groupsAnswer = (...groups: Entry[]): FakeSearch => ({
  matches: filterIncludes('posixGroup'),
  pages: [groups],
});
const usersAnswer = (...pages: (Entry[] | Error)[]): FakeSearch => ({
  matches: filterIncludes('posixAccount'),
  pages,
});

async function readAll(sut: DirectoryReadService, directorySettings: DirectorySettings) {
  const pages: DirectoryReadPage[] = [];
  const command: DirectoryReadRequest = { runId: 'run-1', settings: directorySettings };
  try {
    for await (const page of sut.read(command)) pages.push(page);
    return { pages, error: null };
  } catch (error) {
    return { pages, error: error as { code?: string; message: string } };
  }
}

describe(DirectoryReadService.name, () => {
  // The service logs one line per read; keep test output readable.
  beforeAll(() => Logger.overrideLogger(false));

  it('streams the users in scope page by page, then one summary', async () => {
    const staff = people(0, 1500).map((entry) => entry.dn.toUpperCase());
    const ldapts = new FakeLdapts([
      groupsAnswer(group('staff', staff)),
      usersAnswer(people(0, 1000), [...people(1000, 1000), person(0)]),
    ]);
    const sut = new DirectoryReadService(new FakeDirectoryClient(ldapts));

    const { pages, error } = await readAll(sut, settings());

    expect(error).toBeNull();
    expect(
      pages.map((page) => [page.sequence, page.users.length, page.summary !== undefined]),
    ).toEqual([
      [0, 1000, false],
      [1, 501, false],
      [2, 0, true],
    ]);
    const summary = pages[2]?.summary;
    expect(summary).toMatchObject({
      baseDn: 'dc=example,dc=com',
      usersInScope: 1501,
      groupsRead: 1,
    });
    expect(summary?.outOfScopeExternalIds).toHaveLength(500);
    expect(summary?.conflicts).toEqual([{ userName: 'u0', dns: [person(0).dn, person(0).dn] }]);
    expect(ldapts.unbinds).toBe(1);
  });

  it('fails the whole read when the server fails on the third page, and sends no summary', async () => {
    const lost = new Error(
      'Connection closed before message response was received. Message type: SearchRequest (0x63)',
    );
    const ldapts = new FakeLdapts([
      groupsAnswer(group('staff', [])),
      usersAnswer(people(0, 1000), people(1000, 1000), lost),
    ]);
    const sut = new DirectoryReadService(new FakeDirectoryClient(ldapts));

    const { pages, error } = await readAll(sut, settings({ syncGroups: [] }));

    expect(error).toMatchObject({
      code: 'ldap-unreachable',
      message: expect.stringMatching(/lost during the search/),
    });
    expect(pages.map((page) => page.users.length)).toEqual([1000, 1000]);
    expect(pages.some((page) => page.summary)).toBe(false);
    expect(ldapts.unbinds).toBe(1);
  });

  it('reads every user matching the filter when no group is synchronized, without reading members', async () => {
    const ldapts = new FakeLdapts([groupsAnswer(group('staff', [])), usersAnswer(people(0, 3))]);
    const sut = new DirectoryReadService(new FakeDirectoryClient(ldapts));

    const { pages } = await readAll(sut, settings({ syncGroups: [] }));

    expect(pages[0]?.users.map((user) => user.userName)).toEqual(['u0', 'u1', 'u2']);
    expect(pages[1]?.summary?.outOfScopeExternalIds).toEqual([]);
    expect(ldapts.searches[0]?.options.attributes).toEqual(['cn']);
  });

  it('refuses a synchronized group that does not exist', async () => {
    const ldapts = new FakeLdapts([groupsAnswer(group('staff', [])), usersAnswer(people(0, 3))]);
    const sut = new DirectoryReadService(new FakeDirectoryClient(ldapts));

    const { pages, error } = await readAll(
      sut,
      settings({ syncGroups: ['staff', 'MailStore Users'] }),
    );

    expect(error).toMatchObject({
      code: 'sync-group-not-found',
      message: expect.stringContaining('"MailStore Users"'),
    });
    expect(pages).toEqual([]);
    expect(ldapts.unbinds).toBe(1);
  });

  it('rejects a bad filter before connecting', async () => {
    const client = new FakeDirectoryClient(new FakeLdapts([]));
    const sut = new DirectoryReadService(client);
    const bad = settings();
    bad.users.filter = '(objectClass=posixAccount';

    const { error } = await readAll(sut, bad);

    expect(error).toMatchObject({
      code: 'ldap-filter-rejected',
      message: expect.stringMatching(/user filter .* position 25/),
    });
    expect(client.opened).toBe(0);
  });

  it('closes the connection when the consumer stops listening', async () => {
    const ldapts = new FakeLdapts([
      groupsAnswer(group('staff', [])),
      usersAnswer(people(0, 1000), people(1000, 1000)),
    ]);
    const sut = new DirectoryReadService(new FakeDirectoryClient(ldapts));

    const pages = sut.read({ runId: 'r', settings: settings({ syncGroups: [] }) });
    await pages.next();
    await pages.return();

    expect(ldapts.unbinds).toBe(1);
  });

  it('reads an Active Directory: ranged members, objectGUID, proxyAddresses, disabled accounts, dangling members', async () => {
    const member = (n: number) => `CN=User ${n},OU=Staff,DC=example,DC=com`;
    const adUser = (n: number, flags = 512): Entry => ({
      dn: member(n),
      objectGUID: Buffer.from(`${String(n).padStart(8, '0')}000000000000000000000000`, 'hex'),
      sAMAccountName: `user${n}`,
      proxyAddresses: [
        `SMTP:user${n}@example.com`,
        `smtp:u${n}@old.example.com`,
        'X500:/o=Example',
      ],
      userAccountControl: String(flags),
    });
    const range = (from: number, to: number) =>
      Array.from({ length: to - from + 1 }, (_, i) => member(from + i));
    const ldapts = new FakeLdapts([
      // Recorded shape: the group's first answer holds only `member;range=0-1499`.
      {
        matches: filterIncludes('objectCategory=group'),
        pages: [
          [
            {
              dn: 'CN=MailStore Users,OU=Groups,DC=example,DC=com',
              cn: 'MailStore Users',
              member: [],
              'member;range=0-1499': range(0, 1499),
            },
          ],
        ],
      },
      {
        matches: (_base, options) => options.attributes?.[0] === 'member;range=1500-*',
        pages: [
          [
            {
              dn: 'CN=MailStore Users,OU=Groups,DC=example,DC=com',
              'member;range=1500-*': range(1500, 1600),
            },
          ],
        ],
      },
      {
        matches: filterIncludes('objectCategory=user'),
        pages: [
          [...range(1, 1599).map((dn, i) => adUser(i + 1, i === 0 ? 514 : 512)), adUser(2000)],
        ],
      },
    ]);
    const sut = new DirectoryReadService(new FakeDirectoryClient(ldapts));
    const ad = settings({ filter: '(objectCategory=group)', syncGroups: ['MailStore Users'] });
    ad.users = {
      filter: '(objectCategory=user)',
      userNameAttribute: 'sAMAccountName',
      localPartOnly: false,
      emailAttribute: 'proxyAddresses',
      skipDisabledAccounts: true,
    };

    const { pages, error } = await readAll(sut, ad);

    expect(error).toBeNull();
    const users = pages.flatMap((page) => page.users);
    expect(users).toHaveLength(1598);
    expect(users[0]).toEqual({
      // The first GUID group is little-endian: bytes 00 00 00 02 read as 02000000.
      externalId: '02000000-0000-0000-0000-000000000000',
      dn: member(2),
      userName: 'user2',
      fullName: null,
      emailAddresses: ['user2@example.com', 'u2@old.example.com'],
    });
    const summary = pages.at(-1)?.summary;
    expect(summary?.outOfScopeExternalIds).toEqual([
      '01000000-0000-0000-0000-000000000000',
      '00200000-0000-0000-0000-000000000000',
    ]);
    expect(summary?.warnings.map((warning) => [warning.code, warning.dn])).toEqual([
      ['dangling-member', member(0)],
      ['dangling-member', member(1600)],
    ]);
  });
});
