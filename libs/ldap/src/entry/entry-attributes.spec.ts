import { attributeBuffers, attributeKey, attributeValues, firstValue } from './entry-attributes';

describe(attributeValues.name, () => {
  const entry = {
    dn: 'uid=jdoe,dc=example,dc=com',
    displayName: 'John Doe',
    mail: ['a@example.com', 'b@example.com'],
    'member;range=0-1499': ['cn=a'],
    empty: [],
    raw: Buffer.from([0xff, 0x00]),
  };

  it.each([
    ['displayName', ['John Doe']],
    ['DISPLAYNAME', ['John Doe']],
    ['mail', ['a@example.com', 'b@example.com']],
    ['member', []],
    ['empty', []],
    ['missing', []],
    ['dn', []],
  ])('reads %s', (name, values) => {
    expect(attributeValues(entry, name)).toEqual(values);
  });

  it('finds keys case-insensitively but never the ranged form', () => {
    expect(attributeKey(entry, 'Mail')).toBe('mail');
    expect(attributeKey(entry, 'member')).toBeUndefined();
  });

  it('gives the first value or null', () => {
    expect(firstValue(entry, 'mail')).toBe('a@example.com');
    expect(firstValue(entry, 'missing')).toBeNull();
  });

  it('keeps binary values as bytes', () => {
    expect(attributeBuffers(entry, 'raw')).toEqual([Buffer.from([0xff, 0x00])]);
  });
});
