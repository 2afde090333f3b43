import { ByteStringTable, viewOf } from './byte-string-table';

describe(ByteStringTable.name, () => {
  it('gives each distinct string the next id, and the same id again for the same string', () => {
    const sut = new ByteStringTable();

    expect([sut.add('cn=a'), sut.add('cn=b'), sut.add('cn=a'), sut.add('')]).toEqual([0, 1, 0, 2]);
    expect(sut.size).toBe(3);
    expect([sut.text(0), sut.text(1), sut.text(2)]).toEqual(['cn=a', 'cn=b', '']);
  });

  it('finds strings by their UTF-8 bytes anywhere in a buffer, and says -1 for others', () => {
    const sut = new ByteStringTable();
    const zoe = sut.add('cn=Zoë,dc=example,dc=com');
    const bytes = Buffer.from('xxcn=Zoë,dc=example,dc=comyy');
    const end = bytes.length - 2;

    expect(sut.findBytes(viewOf(bytes), 2, end)).toBe(zoe);
    expect(sut.find('cn=Zoë,dc=example,dc=com')).toBe(zoe);
    expect(sut.findBytes(viewOf(bytes), 2, end - 1)).toBe(-1);
    expect(sut.find('cn=zoë,dc=example,dc=com')).toBe(-1);
    expect(sut.addBytes(viewOf(bytes), 2, end)).toBe(zoe);
  });

  it('tells apart strings that differ only in their last bytes or their length', () => {
    const sut = new ByteStringTable();
    const values = [
      'uid=a,ou=people,dc=x',
      'uid=a,ou=people,dc=y',
      'uid=a,ou=people,dc=',
      'uid=a,ou=people,dc=xx',
    ];
    const ids = values.map((value) => sut.add(value));

    expect(new Set(ids).size).toBe(4);
    expect(values.map((value) => sut.find(value))).toEqual(ids);
  });

  it('keeps every string findable as it grows far beyond its first capacity', () => {
    const sut = new ByteStringTable(16);
    const dn = (i: number) => `uid=user${i},ou=people,dc=example,dc=com`;
    for (let i = 0; i < 50_000; i += 1) sut.add(dn(i));
    sut.add(`cn=${'x'.repeat(100_000)}`);

    expect(sut.size).toBe(50_001);
    for (const i of [0, 1, 15, 16, 17, 4095, 4096, 49_999]) expect(sut.find(dn(i))).toBe(i);
    expect(sut.text(50_000)).toHaveLength(100_003);
    expect(sut.find('uid=user50000,ou=people,dc=example,dc=com')).toBe(-1);
  });

  it('holds its strings in typed arrays of a few bytes per string', () => {
    const sut = new ByteStringTable();
    for (let i = 0; i < 100_000; i += 1)
      sut.add(`uid=user${String(i).padStart(6, '0')},ou=people,dc=example,dc=com`);

    // 42 bytes of text each; the rest is the index and offsets, with room to grow.
    expect(sut.byteSize).toBeLessThan(100_000 * 42 * 2 + 100_000 * 40);
  });

  it('refuses an id it never gave', () => {
    expect(() => new ByteStringTable().text(0)).toThrow(RangeError);
  });
});
