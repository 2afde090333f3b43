import { Logger } from '@nestjs/common';
import { Client, SizeLimitExceededError } from 'ldapts';
import type {
  DirectoryReadPage,
  DirectorySettings,
  DirectoryUser,
  LdapConnectionSettings,
} from '@dirsync/contracts';
import { normalizeDn } from '@dirsync/ldap';
import { organizationalUnit, person, SlapdFixture, type FixtureEntry } from '@dirsync/testing';
import { DirectoryReadService } from './directory-read.service';
import { GROUPS_WITH_MEMBERS_PAGE_SIZE } from './group-reader';
import { LdapDirectoryClient } from './ldap-directory.client';

jest.setTimeout(60_000);

const SEED_MEMBER_FILTER =
  '(|(&(objectClass=posixAccount)(uid={member}))(&(objectClass=posixGroup)(cn={member})))';
const MANY = 600;
/** More groups with members than one page holds: a chain, each nesting the next. */
const CHAIN = GROUPS_WITH_MEMBERS_PAGE_SIZE * 2 + 10;
const chainName = (i: number) => `chain-${String(i).padStart(3, '0')}`;
const READER_PASSWORD = 'reader-password';
const readerDn = (base: string) => `cn=reader,ou=others,${base}`;

async function read(settings: DirectorySettings) {
  const sut = new DirectoryReadService(new LdapDirectoryClient());
  const pages: DirectoryReadPage[] = [];
  let error: (Error & { code?: string }) | null = null;
  try {
    for await (const page of sut.read({ runId: 'slapd-test', settings })) pages.push(page);
  } catch (caught) {
    error = caught as Error & { code?: string };
  }
  const users = pages.flatMap((page) => page.users);
  const summary = pages.at(-1)?.summary;
  return { pages, users, summary, error };
}

const byName = (users: DirectoryUser[]) => new Map(users.map((user) => [user.userName, user]));
const names = (users: DirectoryUser[]) => users.map((user) => user.userName).sort();

describe(`${DirectoryReadService.name} against slapd`, () => {
  // The service logs one line per read; keep test output readable.
  beforeAll(() => Logger.overrideLogger(false));

  let fixture: SlapdFixture;
  let people: string;
  let groups: string;

  beforeAll(async () => {
    fixture = await SlapdFixture.create();
    const base = fixture.baseDn;
    people = `ou=people,${base}`;
    groups = `ou=groups,${base}`;
    const many = Array.from({ length: MANY }, (_, i) =>
      person(people, `user${String(i).padStart(4, '0')}`, { mail: `user${i}@example.com` }),
    );
    const group = (
      cn: string,
      members: string[],
      kind: 'groupOfNames' | 'posixGroup' = 'groupOfNames',
    ): FixtureEntry => ({
      dn: `cn=${cn},${groups}`,
      attributes:
        kind === 'groupOfNames'
          ? {
              objectClass: ['top', 'groupOfNames'],
              cn,
              description: `the ${cn} group`,
              member: members,
            }
          : {
              objectClass: ['top', 'posixGroup'],
              cn,
              gidNumber: '30000',
              ...(members.length > 0 ? { memberUid: members } : {}),
            },
    });
    await fixture.add([
      organizationalUnit(base, 'people'),
      organizationalUnit(base, 'others'),
      organizationalUnit(base, 'groups'),
      ...many,
      person(people, 'jsmith', {
        rdn: 'cn=Smith\\, John',
        cn: 'Smith, John',
        displayName: 'John Smith',
        mail: 'john.smith@example.com',
      }),
      person(people, 'evil)(uid=*', { mail: 'evil@example.com' }),
      // slapd itself refuses the same mail value twice in one entry, so the case-insensitive duplicate hides in a comma list.
      person(people, 'multimail', {
        mail: ['first@example.com', 'Second@Example.com', 'third@example.com, second@example.com'],
      }),
      person(people, 'commamail', { mail: 'a1@example.com, a2@example.com ,a1@EXAMPLE.com' }),
      person(people, 'proxy', {
        objectClass: ['dirsyncProxyAddresses'],
        mail: 'mail@example.com',
        proxyAddresses: [
          'smtp:old@example.com',
          'SMTP:Primary@example.com',
          'X500:/o=Example/ou=Exchange/cn=proxy',
          'SIP:proxy@example.com',
        ],
      }),
      person(people, 'nesta'),
      person(people, 'nestb'),
      person(`ou=others,${base}`, 'user0003', { mail: 'other3@example.com' }),
      // Not slapd's rootdn: limits do not apply to the rootdn, so only another account meets the 500 limit.
      {
        dn: readerDn(base),
        attributes: {
          objectClass: ['top', 'person'],
          cn: 'reader',
          sn: 'reader',
          userPassword: READER_PASSWORD,
        },
      },
      {
        dn: `cn=No Name,${people}`,
        attributes: {
          objectClass: ['top', 'person', 'organizationalPerson', 'inetOrgPerson'],
          cn: 'No Name',
          sn: 'Name',
        },
      },
      group(
        'everyone',
        many.map((entry) => entry.dn),
      ),
      group('dn-members', [
        `uid=user0001,${people}`.toUpperCase(),
        `CN=smith\\2c  john , OU=People,${base}`,
        `uid=ghost,${people}`,
        `cn=nested-a,${groups}`,
      ]),
      group('nested-a', [`uid=nesta,${people}`, `cn=nested-b,${groups}`]),
      group('nested-b', [`uid=nestb,${people}`, `cn=nested-a,${groups}`]),
      group('uid-members', ['evil)(uid=*', 'multimail', 'nobody-here', 'uid-sub'], 'posixGroup'),
      group('uid-sub', ['commamail'], 'posixGroup'),
      // Another object class, so the other tests' group filter does not see them.
      ...Array.from({ length: CHAIN }, (_, i) => ({
        dn: `cn=${chainName(i)},${groups}`,
        attributes: {
          objectClass: ['top', 'groupOfUniqueNames'],
          cn: chainName(i),
          uniqueMember: [
            many[i]?.dn ?? '',
            ...(i + 1 < CHAIN ? [`cn=${chainName(i + 1)},${groups}`] : []),
          ],
        },
      })),
    ]);
  });

  afterAll(async () => {
    await fixture?.destroy();
  });

  it('reads more than 500 users with paged searches, although slapd stops unpaged searches at 500', async () => {
    const settings = fixture.settings();
    settings.connection = {
      ...settings.connection,
      bindDn: readerDn(fixture.baseDn),
      bindPassword: READER_PASSWORD,
    };

    const { users, summary, error, pages } = await read(settings);

    expect(error).toBeNull();
    expect(users).toHaveLength(MANY + 8);
    expect(pages.every((page) => page.users.length <= 1000)).toBe(true);
    expect(summary).toMatchObject({
      baseDn: fixture.baseDn,
      usersInScope: MANY + 8,
      groupsRead: 6,
      outOfScopeExternalIds: [],
    });

    // The same search by the same account without paging hits slapd's limit: paging made the read complete.
    const raw = new Client({ url: fixture.servers.LDAP_URL });
    try {
      await raw.bind(readerDn(fixture.baseDn), READER_PASSWORD);
      await expect(
        raw.search(fixture.baseDn, { filter: '(objectClass=posixAccount)', attributes: ['uid'] }),
      ).rejects.toBeInstanceOf(SizeLimitExceededError);
    } finally {
      await raw.unbind();
    }
  });

  it('gives each user its entryUUID, full name and DN', async () => {
    const { users } = await read(fixture.settings());
    const jsmith = byName(users).get('jsmith');
    expect(jsmith).toMatchObject({
      fullName: 'John Smith',
      emailAddresses: ['john.smith@example.com'],
    });
    expect(normalizeDn(jsmith?.dn ?? '')).toBe(normalizeDn(`cn=Smith\\, John,${people}`));
    expect(jsmith?.externalId).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
  });

  it('reports two users with the same user name as a conflict, naming both', async () => {
    const { summary } = await read(fixture.settings());
    expect(summary?.conflicts).toEqual([
      {
        userName: 'user0003',
        dns: expect.arrayContaining([
          `uid=user0003,${people}`,
          `uid=user0003,ou=others,${fixture.baseDn}`,
        ]),
      },
    ]);
  });

  it('reads every mail value, splits comma-separated ones and drops duplicates case-insensitively', async () => {
    const users = byName((await read(fixture.settings())).users);
    expect(users.get('multimail')?.emailAddresses).toEqual([
      'first@example.com',
      'Second@Example.com',
      'third@example.com',
    ]);
    expect(users.get('commamail')?.emailAddresses).toEqual(['a1@example.com', 'a2@example.com']);
  });

  it('reads proxyAddresses like Exchange: SMTP primary first, other types dropped', async () => {
    const users = byName(
      (await read(fixture.settings({ users: { emailAttribute: 'proxyAddresses' } }))).users,
    );
    expect(users.get('proxy')?.emailAddresses).toEqual(['Primary@example.com', 'old@example.com']);
    expect(users.get('multimail')?.emailAddresses).toEqual([]);
  });

  it('skips an entry without a user name, with a warning naming it', async () => {
    const { users, summary } = await read(
      fixture.settings({ users: { filter: '(objectClass=inetOrgPerson)' } }),
    );
    expect(users).toHaveLength(MANY + 8);
    expect(summary?.warnings).toEqual([
      {
        code: 'user-without-name',
        message: expect.stringContaining('No Name'),
        dn: `cn=No Name,${people}`,
      },
    ]);
  });

  it('limits the scope to the members of a synchronized group (600 member DNs)', async () => {
    const { users, summary } = await read(
      fixture.settings({ groups: { syncGroups: ['everyone'] } }),
    );
    expect(users).toHaveLength(MANY);
    expect(summary?.outOfScopeExternalIds).toHaveLength(8);
    expect(summary?.conflicts).toEqual([]);
  });

  it('follows nested groups across pages of groups (each group of a chain nests the next)', async () => {
    const { users, summary, error } = await read(
      fixture.settings({
        groups: {
          filter: '(objectClass=groupOfUniqueNames)',
          membersAttribute: 'uniqueMember',
          syncGroups: [chainName(0)],
        },
      }),
    );

    expect(error).toBeNull();
    expect(summary?.groupsRead).toBe(CHAIN);
    expect(names(users)).toEqual(
      Array.from({ length: CHAIN }, (_, i) => `user${String(i).padStart(4, '0')}`),
    );
    expect(summary?.warnings).toEqual([]);
  });

  it('matches DN members in another case and with escaped characters, expands nested groups through a cycle, reports dangling members', async () => {
    const { users, summary, error } = await read(
      fixture.settings({ groups: { syncGroups: ['DN-Members'] } }),
    );

    expect(error).toBeNull();
    expect(names(users)).toEqual(['jsmith', 'nesta', 'nestb', 'user0001']);
    expect(summary?.warnings.map((warning) => warning.code).sort()).toEqual([
      'dangling-member',
      'group-cycle',
    ]);
    expect(
      summary?.warnings.find((warning) => warning.code === 'dangling-member')?.message,
    ).toMatch(/uid=ghost/);
    expect(summary?.warnings.find((warning) => warning.code === 'group-cycle')?.message).toMatch(
      /"nested-a" → "nested-b" → "nested-a"/,
    );
  });

  it('resolves memberUid values with the member search filter, escaped: "evil)(uid=*" does not widen the search', async () => {
    const { users, summary, error } = await read(
      fixture.settings({
        groups: {
          membersAttribute: 'memberUid',
          memberSearchFilter: SEED_MEMBER_FILTER,
          syncGroups: ['uid-members'],
        },
      }),
    );

    expect(error).toBeNull();
    expect(names(users)).toEqual(['commamail', 'evil)(uid=*', 'multimail']);
    expect(summary?.warnings).toEqual([
      {
        code: 'dangling-member',
        message: expect.stringContaining('"nobody-here" of "uid-members"'),
        dn: `cn=uid-members,${groups}`,
      },
    ]);
  });

  describe('errors fail the read without a summary', () => {
    type Overrides = {
      connection?: Partial<LdapConnectionSettings>;
      users?: Partial<DirectorySettings['users']>;
      groups?: Partial<DirectorySettings['groups']>;
    };
    it.each<[string, Overrides, string, RegExp]>([
      [
        'a wrong base DN',
        { connection: { baseDn: 'ou=nowhere,dc=example,dc=com' } },
        'ldap-no-such-object',
        /"ou=nowhere,dc=example,dc=com" does not exist/,
      ],
      [
        'a wrong password',
        { connection: { bindPassword: 'wrong' } },
        'ldap-invalid-credentials',
        /refused the credentials/,
      ],
      ['an unreachable server', { connection: { port: 1 } }, 'ldap-unreachable', /127\.0\.0\.1:1/],
      [
        'an invalid user filter',
        { users: { filter: '(uid=a**b)' } },
        'ldap-filter-rejected',
        /user filter .* position 7/,
      ],
      [
        'a missing synchronized group',
        { groups: { syncGroups: ['everyone', 'MailStore Users'] } },
        'sync-group-not-found',
        /"MailStore Users"/,
      ],
    ])('%s', async (_case, overrides, code, message) => {
      const settings = fixture.settings({ users: overrides.users, groups: overrides.groups });
      settings.connection = { ...settings.connection, ...overrides.connection };

      const { pages, error } = await read(settings);

      expect(error).toMatchObject({ code, message: expect.stringMatching(message) });
      expect(pages.some((page) => page.summary)).toBe(false);
    });
  });
});
