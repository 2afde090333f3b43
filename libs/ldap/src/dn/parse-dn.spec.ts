import { parseDn } from './parse-dn';

const ava = (type: string, value: string, hex = false) => ({ type, value, hex });

describe(parseDn.name, () => {
  it.each([
    ['', []],
    ['  ', []],
    ['dc=example,dc=com', [[ava('dc', 'example')], [ava('dc', 'com')]]],
    ['cn=Smith\\, John,ou=contractors', [[ava('cn', 'Smith, John')], [ava('ou', 'contractors')]]],
    ['cn=Smith\\2C John,ou=contractors', [[ava('cn', 'Smith, John')], [ava('ou', 'contractors')]]],
    ['cn = Smith\\2c John , ou = x', [[ava('cn', 'Smith, John')], [ava('ou', 'x')]]],
    ['CN=Jos\\C3\\A9 Garc\\C3\\ADa', [[ava('CN', 'Jos\u00e9 Garc\u00eda')]]],
    ['cn=Jos\u00e9', [[ava('cn', 'Jos\u00e9')]]],
    ['cn=a+uid=b,dc=x', [[ava('cn', 'a'), ava('uid', 'b')], [ava('dc', 'x')]]],
    ['cn=a\\+b', [[ava('cn', 'a+b')]]],
    ['cn=\\#hash', [[ava('cn', '#hash')]]],
    ['cn=\\ lead\\ ', [[ava('cn', ' lead ')]]],
    ['cn=trail   ', [[ava('cn', 'trail')]]],
    ['cn=x=y', [[ava('cn', 'x=y')]]],
    ['cn=', [[ava('cn', '')]]],
    ['cn=evil)(uid=*', [[ava('cn', 'evil)(uid=*')]]],
    ['2.5.4.3=x', [[ava('2.5.4.3', 'x')]]],
    ['cn=#04024869', [[ava('cn', '04024869', true)]]],
    ['cn=a\\\\b', [[ava('cn', 'a\\b')]]],
    ['cn=\\3Cx\\3E', [[ava('cn', '<x>')]]],
  ])('parses %j', (text, rdns) => {
    expect(parseDn(text)).toEqual({ ok: true, rdns });
  });

  it.each([
    ['jdoe', 4, /expected '='/],
    ['evil)(uid=*', 4, /expected '='/],
    ['=x', 0, /attribute type/],
    ['cn=x,', 5, /attribute type/],
    ['cn=x,,dc=y', 5, /attribute type/],
    ['cn=a\\zb', 4, /invalid escape/],
    ['cn=a\\', 4, /escapes nothing/],
    ['cn=a;b', 4, /unescaped ';'/],
    ['cn=a<b', 4, /unescaped '<'/],
    ['cn="quoted"', 3, /quoted/],
    ['cn=#abc', 3, /even number/],
    ['cn=\\ff\\fe', 3, /UTF-8/],
    ['1.2.=x', 0, /numeric OID/],
    ['01.2=x', 0, /numeric OID/],
    ['cn=#00 x', 7, /expected ',' or '\+'/],
  ])('rejects %j at position %i', (text, position, message) => {
    const result = parseDn(text);
    expect(result).toMatchObject({ ok: false, position });
    expect(result.ok ? '' : result.message).toMatch(message);
  });
});
