import type { FieldChange } from '@dirsync/contracts';
import { sameFieldChanges } from './field-changes';

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
