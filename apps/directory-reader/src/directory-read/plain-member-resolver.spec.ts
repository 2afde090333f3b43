import type { Entry, SearchOptions } from 'ldapts';
import { LdapConnection, ldapEndpoint, parseLdapFilter } from '@dirsync/ldap';
import { FakeLdapts } from '../../test/fake-directory';
import {
  comparedAttributes,
  MEMBER_BATCH_SIZE,
  PlainMemberResolver,
} from './plain-member-resolver';

const SEED_FILTER =
  '(|(&(objectClass=posixAccount)(uid={member}))(&(objectClass=posixGroup)(cn={member})))';
const connectionTo = (ldapts: FakeLdapts) =>
  new LdapConnection(
    ldapts,
    ldapEndpoint({
      host: 'ldap',
      protocol: 'ldap',
      acceptAllCertificates: false,
      bindDn: 'cn=admin',
    }),
  );

describe(PlainMemberResolver.name, () => {
  it('asks in batches of OR-ed, escaped filters and ties each entry to its value', async () => {
    const values = Array.from({ length: 250 }, (_, i) => `user${i}`);
    values[7] = 'evil)(uid=*';
    const directory: Entry[] = [
      { dn: 'uid=user1,ou=people,dc=x', uid: 'User1' },
      { dn: 'cn=user2,ou=groups,dc=x', cn: ['user2', 'second name'] },
      { dn: 'uid=evil)(uid=*,ou=people,dc=x', uid: 'evil)(uid=*' },
    ];
    const ldapts = new FakeLdapts([
      {
        matches: (_base: string, options: SearchOptions) =>
          String(options.filter).includes('user1)'),
        pages: [directory],
      },
    ]);
    const sut = new PlainMemberResolver(connectionTo(ldapts), 'dc=x', SEED_FILTER);

    const resolutions = await sut.resolve(values);

    expect(resolutions.map((resolution) => resolution.values.length)).toEqual([
      MEMBER_BATCH_SIZE,
      MEMBER_BATCH_SIZE,
      50,
    ]);
    const filters = ldapts.searches.map((search) => String(search.options.filter));
    expect(filters).toHaveLength(3);
    expect(filters.every((filter) => parseLdapFilter(filter).ok)).toBe(true);
    expect(filters[0]).toContain('(uid=evil\\29\\28uid=\\2a)');
    expect(ldapts.searches[0]?.options.attributes).toEqual(['uid', 'cn']);
    const first = resolutions[0];
    expect(first?.byValue).toEqual(
      new Map([
        ['user1', ['uid=user1,ou=people,dc=x']],
        ['user2', ['cn=user2,ou=groups,dc=x']],
        ['evil)(uid=*', ['uid=evil)(uid=*,ou=people,dc=x']],
      ]),
    );
    expect(first?.unattributed).toEqual([]);
  });

  it('gives entries it cannot tie to a value to the whole batch', async () => {
    const ldapts = new FakeLdapts([{ matches: () => true, pages: [[{ dn: 'uid=a,dc=x' }]] }]);
    const sut = new PlainMemberResolver(
      connectionTo(ldapts),
      'dc=x',
      '(mail={member}@example.com)',
    );

    const [resolution] = await sut.resolve(['a']);

    expect(resolution).toEqual({ values: ['a'], byValue: new Map(), unattributed: ['uid=a,dc=x'] });
    expect(ldapts.searches[0]?.options.filter).toBe('(mail=a@example.com)');
    expect(ldapts.searches[0]?.options.attributes).toEqual(['1.1']);
  });
});

describe(comparedAttributes.name, () => {
  it.each([
    [SEED_FILTER, ['uid', 'cn']],
    ['(uid={member})', ['uid']],
    ['(&(objectClass=user)(sAMAccountName={member}))', ['sAMAccountName']],
    ['(|(uid={member})(UID={member}))', ['uid', 'UID']],
    ['(cn;lang-en={member})', ['cn']],
    ['(mail={member}@example.com)', []],
    ['(uid={member}', []],
  ])('of %s is %j', (template, attributes) => {
    expect(comparedAttributes(template)).toEqual(attributes);
  });
});
