import type { FieldChange } from '@dirsync/contracts';
import { diffFields, isRename, sameFieldChanges } from './field-changes';
import { directoryUser, storedUser } from '../test-support/user.fixtures';

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

describe(sameFieldChanges.name, () => {
  const name: FieldChange = { field: 'userName', old: 'a', new: 'b' };
  const mail: FieldChange = { field: 'emailAddresses', old: ['x@e'], new: ['y@e'] };

  it.each<[string, FieldChange[], FieldChange[], boolean]>([
    ['the same changes in another order', [name, mail], [mail, name], true],
    ['addresses differing in case only', [mail], [{ ...mail, old: ['X@E'] }], true],
    ['another old value', [name], [{ ...name, old: 'z' }], false],
    ['another new value', [name], [{ ...name, new: 'z' }], false],
    ['one change more', [name], [name, mail], false],
    ['another field', [name], [{ field: 'dn', old: 'a', new: 'b' }], false],
    [
      'null against a value',
      [{ field: 'fullName', old: null, new: 'x' }],
      [{ field: 'fullName', old: 'x', new: 'x' }],
      false,
    ],
  ])('%s: %p', (_, a, b, expected) => {
    expect(sameFieldChanges(a, b)).toBe(expected);
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
