import type { DirectorySettings } from '@dirsync/contracts';
import { checkReadSettings } from './read-settings';

const settings = (
  users: Partial<DirectorySettings['users']>,
  groups: Partial<DirectorySettings['groups']>,
) =>
  ({
    users: { userNameAttribute: 'uid', localPartOnly: false, ...users },
    groups: {
      filter: '(objectClass=posixGroup)',
      nameAttribute: 'cn',
      membersAttribute: 'member',
      syncGroups: [],
      ...groups,
    },
  }) as DirectorySettings;

describe(checkReadSettings.name, () => {
  it.each([
    [
      'the seed OpenLDAP sample',
      {},
      {
        memberSearchFilter:
          '(|(&(objectClass=posixAccount)(uid={member}))(&(objectClass=posixGroup)(cn={member})))',
      },
    ],
    ['no user filter', { filter: undefined }, {}],
    ['an empty user filter', { filter: '  ' }, {}],
    ['an empty member search filter', {}, { memberSearchFilter: '' }],
  ])('accepts %s', (_case, users, groups) => {
    expect(() => checkReadSettings(settings(users, groups))).not.toThrow();
  });

  it.each([
    [
      'a broken user filter',
      { filter: '(uid=*' },
      {},
      'ldap-filter-rejected',
      /user filter \(uid=\* is invalid at position 6/,
    ],
    [
      'a broken group filter',
      {},
      { filter: 'objectClass=posixGroup)' },
      'ldap-filter-rejected',
      /group filter/,
    ],
    [
      'a member search filter without {member}',
      {},
      { memberSearchFilter: '(uid=x)' },
      'invalid-settings',
      /no \{member\} placeholder/,
    ],
    [
      'a broken member search filter',
      {},
      { memberSearchFilter: '(uid={member}' },
      'ldap-filter-rejected',
      /member search filter/,
    ],
  ])('rejects %s', (_case, users, groups, code, message) => {
    expect(() => checkReadSettings(settings(users, groups))).toThrow(
      expect.objectContaining({ code, message: expect.stringMatching(message) }),
    );
  });
});
