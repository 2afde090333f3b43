import type { FieldChange } from '@dirsync/contracts';
import { directoryUser, storedUser } from '@dirsync/testing';
import { diffFields, isRename } from './user-field-diff';

describe(diffFields.name, () => {
  const stored = storedUser('ann');

  it.each<[string, Parameters<typeof directoryUser>[1], FieldChange[]]>([
    ['nothing', {}, []],
    ['the user name', { userName: 'anne' }, [{ field: 'userName', old: 'ann', new: 'anne' }]],
    [
      'the case of the user name',
      { userName: 'Ann' },
      [{ field: 'userName', old: 'ann', new: 'Ann' }],
    ],
    [
      'the DN',
      { dn: 'uid=ann,ou=staff,dc=example,dc=com' },
      [
        {
          field: 'dn',
          old: 'uid=ann,ou=people,dc=example,dc=com',
          new: 'uid=ann,ou=staff,dc=example,dc=com',
        },
      ],
    ],
    [
      'the full name',
      { fullName: 'Ann B' },
      [{ field: 'fullName', old: 'ann Example', new: 'Ann B' }],
    ],
    [
      'a full name removed',
      { fullName: null },
      [{ field: 'fullName', old: 'ann Example', new: null }],
    ],
    ['only the case of an address', { emailAddresses: ['ANN@example.com'] }, []],
    [
      'the primary address',
      { emailAddresses: ['other@example.com', 'ann@example.com'] },
      [
        {
          field: 'emailAddresses',
          old: ['ann@example.com'],
          new: ['other@example.com', 'ann@example.com'],
        },
      ],
    ],
    [
      'all addresses removed',
      { emailAddresses: [] },
      [{ field: 'emailAddresses', old: ['ann@example.com'], new: [] }],
    ],
  ])('finds a change of %s', (_, overrides, expected) => {
    expect(diffFields(directoryUser('ann', overrides), stored)).toEqual(expected);
  });
});

describe(isRename.name, () => {
  it.each<[FieldChange['field'][], boolean]>([
    [['userName'], true],
    [['dn'], true],
    [['fullName', 'dn'], true],
    [['fullName', 'emailAddresses'], false],
  ])('%p → %p', (fields, expected) => {
    expect(isRename(fields.map((field) => ({ field, old: null, new: null })))).toBe(expected);
  });
});
