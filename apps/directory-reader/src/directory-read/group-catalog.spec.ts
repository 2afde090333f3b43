import { PackedValues } from '@dirsync/ldap';
import { GroupCatalog, type GroupInput } from './group-catalog';

const group = (name: string, ...parts: string[][]): GroupInput => ({
  dn: `cn=${name},ou=groups,dc=example,dc=com`,
  names: [name],
  description: null,
  members: parts.map((values) => PackedValues.of(values)),
});

describe(GroupCatalog.name, () => {
  it('gives every spelling of a DN one id, shown as first seen, and finds it by a spelling never seen', () => {
    const sut = new GroupCatalog(false);
    sut.add(
      group('a', [
        'CN=Smith\\, John,OU=People,DC=example,DC=com',
        'uid=b,ou=people,dc=example,dc=com',
      ]),
    );
    sut.add(
      group('b', [
        'cn=smith\\2c  john,ou=people,dc=example,dc=com',
        'uid=b,ou=people,dc=example,dc=com',
      ]),
    );

    const [a, b] = [sut.findByNameOrDn('a')[0], sut.findByNameOrDn('b')[0]];
    expect([...(a?.memberIds ?? [])]).toEqual([...(b?.memberIds ?? [])]);
    const smith = a?.memberIds[0] as number;
    expect(sut.shownDn(smith)).toBe('CN=Smith\\, John,OU=People,DC=example,DC=com');
    expect(sut.find('cn=SMITH\\, JOHN,ou=people,dc=EXAMPLE,dc=com')).toBe(smith);
    expect(sut.find('uid=c,ou=people,dc=example,dc=com')).toBeUndefined();
    // Two groups and two members: four DNs, however many spellings.
    expect(sut.idCount).toBe(4);
  });

  it('takes members in several parts (Active Directory ranges), in order', () => {
    const sut = new GroupCatalog(false);
    const dn = (i: number) => `uid=u${i},dc=x`;
    sut.add(group('g', [dn(0), dn(1)], [dn(2)], [], [dn(3)]));

    const ids = [...(sut.findByNameOrDn('g')[0]?.memberIds ?? [])];
    expect(ids.map((id) => sut.shownDn(id))).toEqual([dn(0), dn(1), dn(2), dn(3)]);
  });

  it('keeps member ids of large groups exact after its scratch space grew', () => {
    const sut = new GroupCatalog(false);
    const members = Array.from({ length: 5000 }, (_, i) => `uid=u${i},dc=x`);
    sut.add(group('big', members));
    sut.add(group('small', [members[4999] as string]));

    expect(sut.findByNameOrDn('big')[0]?.memberIds).toHaveLength(5000);
    expect([...(sut.findByNameOrDn('small')[0]?.memberIds ?? [])]).toEqual([
      sut.find('uid=u4999,dc=x'),
    ]);
  });

  it('fails on a malformed member value instead of adding part of the group', () => {
    const bytes = Buffer.from(PackedValues.of(['uid=a,dc=x', 'uid=b,dc=x']).bytes);
    bytes[bytes.length - 11] = 40; // the second value claims more bytes than there are
    const sut = new GroupCatalog(false);

    expect(() =>
      sut.add({
        dn: 'cn=g,dc=x',
        names: ['g'],
        description: null,
        members: [new PackedValues(bytes)],
      }),
    ).toThrow(/runs past its container/);
  });

  it('holds a DN already in its normal form once, not as a spelling and a normal form', () => {
    const members = Array.from(
      { length: 20_000 },
      (_, i) => `uid=user${String(i).padStart(6, '0')},ou=people,dc=example,dc=com`,
    );
    const normal = new GroupCatalog(false);
    normal.add(group('g', members));
    const upperCase = new GroupCatalog(false);
    upperCase.add(
      group(
        'g',
        members.map((dn) => dn.toUpperCase()),
      ),
    );

    expect(normal.dnBytes).toBeLessThan(upperCase.dnBytes * 0.7);
    expect(normal.dnBytes).toBeLessThan(20_000 * 42 * 2 + 20_000 * 40);
  });

  it('keeps user DNs for the summary among its keys, without making them DNs of the catalogue', () => {
    const sut = new GroupCatalog(false);
    sut.add(group('g', ['uid=a,dc=x']));
    const spellings = sut.dnSpellings;
    const before = sut.idCount;

    const member = spellings.add('uid=a,dc=x');
    const other = spellings.add('uid=b,dc=x');

    expect(spellings.add('uid=a,dc=x')).toBe(member);
    expect([spellings.text(member), spellings.text(other)]).toEqual(['uid=a,dc=x', 'uid=b,dc=x']);
    expect(sut.idCount).toBe(before);
    expect(sut.find('uid=b,dc=x')).toBeUndefined();
    // Met later as a member, the spelling becomes a DN like any other.
    const id = sut.idOf('UID=B,DC=X');
    expect(id).toBe(before);
    expect(sut.find('uid=b,dc=x')).toBe(id);
  });
});
