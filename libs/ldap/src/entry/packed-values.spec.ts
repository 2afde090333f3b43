import { attributeBuffers, attributeValues, packedValues } from './entry-attributes';
import { PackedValues } from './packed-values';

describe(PackedValues.name, () => {
  it('holds values of any length and script, in order, and counts them', () => {
    const values = [
      'cn=a',
      '',
      'cn=Zoë,dc=example,dc=com',
      `cn=${'x'.repeat(300)}`,
      'y'.repeat(70_000),
    ];
    const sut = PackedValues.of(values);

    expect(sut.texts()).toEqual(values);
    expect(sut).toHaveLength(5);
  });

  it('walks the values with a cursor, giving their bytes without copying them', () => {
    const sut = PackedValues.of(['cn=a', 'cn=bb']);
    const seen: string[] = [];
    for (const cursor = sut.cursor(); cursor.next();) {
      seen.push(sut.bytes.toString('latin1', cursor.start, cursor.end));
    }
    expect(seen).toEqual(['cn=a', 'cn=bb']);
  });

  it('throws on a value whose length runs past the end, rather than giving part of the values', () => {
    const bytes = Buffer.from(PackedValues.of(['cn=a', 'cn=b']).bytes);
    bytes[bytes.length - 5] = 9; // the second value now claims more bytes than there are
    const sut = new PackedValues(bytes);

    expect(() => sut.texts()).toThrow(/runs past its container/);
  });

  it('turns bytes that are not UTF-8 into U+FFFD, as attributeValues does with bytes', () => {
    const sut = PackedValues.of([Buffer.from([0x61, 0xc3, 0x28])]);
    expect(sut.texts()).toEqual(['a\ufffd(']);
  });
});

describe(packedValues.name, () => {
  it.each([
    ['packed by the decoder', PackedValues.of(['cn=a', 'cn=b'])],
    ['decoded by ldapts', ['cn=a', 'cn=b']],
    ['as bytes', [Buffer.from('cn=a'), Buffer.from('cn=b')]],
  ])('reads an attribute %s', (_case, value) => {
    expect(packedValues({ dn: 'cn=g', Member: value }, 'member').texts()).toEqual(['cn=a', 'cn=b']);
  });

  it('gives no values for an absent attribute, and one for a single value', () => {
    expect(packedValues({ dn: 'cn=g' }, 'member')).toHaveLength(0);
    expect(packedValues({ dn: 'cn=g', member: 'cn=a' }, 'member').texts()).toEqual(['cn=a']);
  });

  it('lets the text and binary readers read packed attributes too', () => {
    const entry = { dn: 'cn=g', member: PackedValues.of(['cn=a', 'cn=b']) };
    expect(attributeValues(entry, 'member')).toEqual(['cn=a', 'cn=b']);
    expect(attributeBuffers(entry, 'member')).toEqual([Buffer.from('cn=a'), Buffer.from('cn=b')]);
  });
});
