import type { UserSettings } from '@dirsync/contracts';
import { parseLdapFilter } from '@dirsync/ldap';
import { userSearchFilter } from './user-search-filter';

const users = (overrides: Partial<UserSettings> = {}): UserSettings => ({
  userNameAttribute: 'uid',
  localPartOnly: false,
  ...overrides,
});

describe(userSearchFilter.name, () => {
  it.each([
    ['a plain name', users(), 'jdoe', '(uid=jdoe)'],
    [
      'with the user filter',
      users({ filter: '(objectClass=posixAccount)' }),
      'jdoe',
      '(&(uid=jdoe)(objectClass=posixAccount))',
    ],
    [
      'a bare user filter',
      users({ filter: ' objectClass=person ' }),
      'jdoe',
      '(&(uid=jdoe)(objectClass=person))',
    ],
    ['a star', users(), '*', '(uid=\\2a)'],
    ['an injection attempt', users(), ')(uid=*', '(uid=\\29\\28uid=\\2a)'],
    ['a backslash and NUL', users(), 'a\\b\0', '(uid=a\\5cb\\00)'],
    [
      'local part only',
      users({
        userNameAttribute: 'userPrincipalName',
        localPartOnly: true,
        filter: '(objectCategory=User)',
      }),
      'j*doe',
      '(&(|(userPrincipalName=j\\2adoe)(userPrincipalName=j\\2adoe@*))(objectCategory=User))',
    ],
  ])('%s', (_, settings, name, expected) => {
    const filter = userSearchFilter(settings, name);
    expect(filter).toBe(expected);
    expect(parseLdapFilter(filter).ok).toBe(true);
  });

  it('never lets a name add a filter item', () => {
    const filter = userSearchFilter(users({ filter: '(objectClass=person)' }), 'x)(|(uid=*))(cn=y');
    const parsed = parseLdapFilter(filter);
    expect(parsed).toMatchObject({ ok: true, filter: { type: 'and' } });
    expect(parsed.ok && parsed.filter.type === 'and' ? parsed.filter.filters : []).toHaveLength(2);
  });

  it('refuses an attribute name that is not one', () => {
    expect(() => userSearchFilter(users({ userNameAttribute: 'uid=*)(cn' }), 'jdoe')).toThrow(
      'not an LDAP attribute',
    );
  });
});
