import { PackedValues } from '@dirsync/ldap';
import {
  readAllRanges,
  readRangedAttribute,
  type RangedValues,
  type RangeFetcher,
} from './member-ranges';

const members = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => `CN=User${from + i},OU=Staff,DC=example,DC=com`);

describe(readRangedAttribute.name, () => {
  it.each([
    ['a plain attribute', { dn: 'g', member: ['a', 'b'] }, { values: ['a', 'b'], range: null }],
    ['a single value', { dn: 'g', member: 'a' }, { values: ['a'], range: null }],
    ['no attribute', { dn: 'g' }, { values: [], range: null }],
    // Recorded from Active Directory: a 3,200-member group asked for `member`.
    [
      'the first range',
      { dn: 'g', member: [], 'member;range=0-1499': members(0, 1499) },
      { values: members(0, 1499), range: { start: 0, end: 1499 } },
    ],
    [
      'the last range',
      { dn: 'g', 'member;range=3000-*': members(3000, 3199) },
      { values: members(3000, 3199), range: { start: 3000, end: '*' } },
    ],
    [
      'another case of the name',
      { dn: 'g', 'Member;Range=0-1499': ['a'] },
      { values: ['a'], range: { start: 0, end: 1499 } },
    ],
  ])('reads %s', (_case, entry, expected) => {
    const { values, range } = readRangedAttribute(entry, 'member');
    expect({ values: values.texts(), range }).toEqual(expected);
  });

  it('keeps values the decoder packed as they are', () => {
    const packed = PackedValues.of(['a', 'b']);
    expect(readRangedAttribute({ dn: 'g', 'member;range=0-*': packed }, 'member')).toEqual({
      values: packed,
      range: { start: 0, end: '*' },
    });
  });
});

describe(readAllRanges.name, () => {
  /** Answers like Active Directory with MaxValRange 1500 for a group of `size` members. */
  const activeDirectory = (size: number): { fetch: RangeFetcher; asked: string[] } => {
    const asked: string[] = [];
    const fetch: RangeFetcher = async (attribute) => {
      await Promise.resolve();
      asked.push(attribute);
      const start = Number(/range=(\d+)-/.exec(attribute)?.[1]);
      const end = Math.min(start + 1499, size - 1);
      const key = end === size - 1 ? `member;range=${start}-*` : `member;range=${start}-${end}`;
      return { dn: 'CN=Big,DC=example,DC=com', [key]: members(start, end) };
    };
    return { fetch, asked };
  };

  it('fetches every range of a large group', async () => {
    const { fetch, asked } = activeDirectory(3200);
    const first = readRangedAttribute(
      { dn: 'g', 'member;range=0-1499': members(0, 1499) },
      'member',
    );

    const parts = await readAllRanges(first, 'member', 'CN=Big', fetch);

    expect(parts.flatMap((part) => part.texts())).toEqual(members(0, 3199));
    expect(asked).toEqual(['member;range=1500-*', 'member;range=3000-*']);
  });

  it('asks nothing more when the attribute came whole', async () => {
    const { fetch, asked } = activeDirectory(3);
    const whole = PackedValues.of(['a']);
    await expect(
      readAllRanges({ values: whole, range: null }, 'member', 'g', fetch),
    ).resolves.toEqual([whole]);
    expect(asked).toEqual([]);
  });

  it.each([
    ['no entry', async () => Promise.resolve(null)],
    ['no range in the answer', async () => Promise.resolve({ dn: 'g', member: ['x'] })],
    ['a gap', async () => Promise.resolve({ dn: 'g', 'member;range=1600-*': ['x'] })],
  ])('fails on %s instead of returning part of the group', async (_case, fetch: RangeFetcher) => {
    const first: RangedValues = {
      values: PackedValues.of(members(0, 1499)),
      range: { start: 0, end: 1499 },
    };
    await expect(readAllRanges(first, 'member', 'CN=Big', fetch)).rejects.toMatchObject({
      code: 'ldap-incomplete-attribute',
    });
  });
});
