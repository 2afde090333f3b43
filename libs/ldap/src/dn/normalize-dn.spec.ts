import {
  InvalidDnError,
  normalizeDn,
  normalizeDnByParsing,
  normalizeDnOrNull,
} from './normalize-dn';

describe(normalizeDn.name, () => {
  it.each([
    [
      'uid=jdoe,ou=people,dc=example,dc=com',
      'UID=JDoe,OU=People,DC=Example,DC=Com',
      'case of types and values',
    ],
    [
      'cn=Smith\\, John,ou=contractors',
      'cn=Smith\\2C John,ou=contractors',
      'escaped comma, both forms',
    ],
    [
      'cn=Smith\\, John,ou=contractors',
      'cn = smith\\2c john , ou = Contractors',
      'spaces around = and ,',
    ],
    ['cn=Smith  John', 'cn=smith john', 'insignificant inner spaces'],
    ['cn=Jos\u00e9', 'cn=JOS\\C3\\89', 'hex-escaped UTF-8 against text'],
    ['cn=x,dc=com', '2.5.4.3=x,0.9.2342.19200300.100.1.25=com', 'numeric OIDs of common types'],
    ['cn=a+uid=b', 'UID=B+CN=A', 'multi-valued RDN order'],
    ['cn=a\\+b', 'cn=a\\2Bb', 'escaped plus'],
    ['cn=\u212b', 'cn=\u00e5', 'Unicode compatibility forms (NFKC)'],
    ['cn=a\\=b', 'cn=a=b', 'an escaped = is the same character'],
  ])('%s equals %s (%s)', (a, b) => {
    expect(normalizeDn(a)).toBe(normalizeDn(b));
  });

  it.each([
    ['cn=a,dc=x', 'cn=a+dc=x', 'a comma is not a plus'],
    ['cn=a\\,b', 'cn=a,cn=b', 'an escaped comma is not a separator'],
    ['cn=a', 'sn=a', 'different types'],
    ['cn=a b', 'cn=ab', 'spaces inside a value matter'],
  ])('%s differs from %s (%s)', (a, b) => {
    expect(normalizeDn(a)).not.toBe(normalizeDn(b));
  });

  it('gives a stable lower-case form', () => {
    expect(normalizeDn('CN=Smith\\, John , OU=Contractors,DC=Example')).toBe(
      'cn=smith\\2c john,ou=contractors,dc=example',
    );
  });

  it('throws an InvalidDnError naming the position', () => {
    expect(() => normalizeDn('jdoe')).toThrow(InvalidDnError);
    expect(() => normalizeDn('cn=a\\zz')).toThrow(/position 4/);
  });

  it('returns null for non-DNs when asked', () => {
    expect(normalizeDnOrNull('evil)(uid=*')).toBeNull();
    expect(normalizeDnOrNull('uid=a')).toBe('uid=a');
  });
});

describe('normalizeDn fast path', () => {
  it.each([
    'uid=jdoe,ou=people,dc=example,dc=com',
    'UID=JDoe,OU=People,DC=Example,DC=Com',
    'cn=Bench User 1,ou=people,dc=example,dc=com',
    'cn=a  b,dc=x',
    'cn= a,dc=x',
    'cn=a ,dc=x',
    'cn=a, dc=x',
    'cn=a=b,dc=x',
    'cn=a#b,dc=x',
    'cn=#a,dc=x',
    'cn=a+uid=b,dc=x',
    'cn=Smith\\, John,dc=x',
    'cn=Jos\u00e9,dc=x',
    '2.5.4.3=x,dc=y',
    "cn=O'Brien (ext)*,dc=x",
    'cn=a;b',
    'cn=',
    '',
    'jdoe',
  ])('gives the same form as the full parse for %j', (dn) => {
    expect(normalizeDnOrNull(dn)).toBe(normalizeDnByParsing(dn));
  });
});
