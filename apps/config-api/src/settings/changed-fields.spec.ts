import { changedFields, mergePatch } from './changed-fields';

describe(changedFields.name, () => {
  it.each([
    [{ a: 1 }, { a: 1 }, []],
    [{ a: 1 }, { a: 2 }, ['a']],
    [{ c: { host: 'x', port: 1 } }, { c: { host: 'y', port: 1 } }, ['c.host']],
    [{ c: { list: ['a'] } }, { c: { list: ['a', 'b'] } }, ['c.list']],
    [{}, { c: { host: 'x' } }, ['c.host']],
    [{ c: { gone: 1 } }, { c: {} }, ['c.gone']],
  ])('%j → %j changes %j', (before, after, expected) => {
    expect(changedFields(before, after)).toEqual(expected);
  });
});

describe(mergePatch.name, () => {
  it('merges objects deeply and replaces arrays and values', () => {
    const base = { connection: { host: 'a', port: 389 }, groups: { syncGroups: ['x', 'y'] } };
    expect(mergePatch(base, { connection: { host: 'b' }, groups: { syncGroups: ['z'] } })).toEqual({
      connection: { host: 'b', port: 389 },
      groups: { syncGroups: ['z'] },
    });
  });

  it('does not change its inputs', () => {
    const base = { a: { b: 1 } };
    mergePatch(base, { a: { b: 2 } });
    expect(base).toEqual({ a: { b: 1 } });
  });
});
