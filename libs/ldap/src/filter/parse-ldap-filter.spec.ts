import { filterItems, parseLdapFilter } from './parse-ldap-filter';

describe(parseLdapFilter.name, () => {
  it.each([
    [
      '(objectClass=posixAccount)',
      { type: 'equality', attribute: 'objectClass', value: 'posixAccount' },
    ],
    ['(mail=*)', { type: 'present', attribute: 'mail' }],
    ['objectClass=user', { type: 'equality', attribute: 'objectClass', value: 'user' }],
    ['  (cn=x)  ', { type: 'equality', attribute: 'cn', value: 'x' }],
    ['(cn~=jon)', { type: 'approx', attribute: 'cn', value: 'jon' }],
    ['(uidNumber>=1000)', { type: 'greaterOrEqual', attribute: 'uidNumber', value: '1000' }],
    ['(uidNumber<=1000)', { type: 'lessOrEqual', attribute: 'uidNumber', value: '1000' }],
    ['(cn=)', { type: 'equality', attribute: 'cn', value: '' }],
    ['(cn=Smith\\2c John)', { type: 'equality', attribute: 'cn', value: 'Smith\\2c John' }],
    [
      '(cn=evil\\29\\28uid=\\2a)',
      { type: 'equality', attribute: 'cn', value: 'evil\\29\\28uid=\\2a' },
    ],
    ['(uid={member})', { type: 'equality', attribute: 'uid', value: '{member}' }],
    ['(2.5.4.3=x)', { type: 'equality', attribute: '2.5.4.3', value: 'x' }],
    ['(cn;lang-de=x)', { type: 'equality', attribute: 'cn;lang-de', value: 'x' }],
    ['(cn=Jos\u00e9)', { type: 'equality', attribute: 'cn', value: 'Jos\u00e9' }],
    ['(cn=a*)', { type: 'substrings', attribute: 'cn', initial: 'a', any: [], final: null }],
    ['(cn=*a)', { type: 'substrings', attribute: 'cn', initial: null, any: [], final: 'a' }],
    ['(cn=a*b*c)', { type: 'substrings', attribute: 'cn', initial: 'a', any: ['b'], final: 'c' }],
    ['(cn=*b*)', { type: 'substrings', attribute: 'cn', initial: null, any: ['b'], final: null }],
    [
      '(userAccountControl:1.2.840.113556.1.4.803:=2)',
      {
        type: 'extensible',
        attribute: 'userAccountControl',
        dnAttributes: false,
        matchingRule: '1.2.840.113556.1.4.803',
        value: '2',
      },
    ],
    [
      '(ou:dn:=people)',
      {
        type: 'extensible',
        attribute: 'ou',
        dnAttributes: true,
        matchingRule: null,
        value: 'people',
      },
    ],
    [
      '(:dn:caseExactMatch:=x)',
      {
        type: 'extensible',
        attribute: null,
        dnAttributes: true,
        matchingRule: 'caseExactMatch',
        value: 'x',
      },
    ],
    ['(!(cn=x))', { type: 'not', filter: { type: 'equality', attribute: 'cn', value: 'x' } }],
    [
      '(&(objectCategory=User)(|(mail=*)(proxyAddresses=*)))',
      {
        type: 'and',
        filters: [
          { type: 'equality', attribute: 'objectCategory', value: 'User' },
          {
            type: 'or',
            filters: [
              { type: 'present', attribute: 'mail' },
              { type: 'present', attribute: 'proxyAddresses' },
            ],
          },
        ],
      },
    ],
  ])('parses %s', (text, expected) => {
    expect(parseLdapFilter(text)).toEqual({ ok: true, filter: expected });
  });

  it.each([
    ['', 0, /empty/],
    ['   ', 3, /empty/],
    ['(objectClass=posixAccount', 25, /missing '\)'/],
    ['(cn=x))', 6, /unbalanced/],
    ['(cn=x)(cn=y)', 6, /unexpected text/],
    ['(&)', 2, /at least one filter/],
    ['(|)', 2, /at least one filter/],
    ['(!cn=x)', 2, /'!' needs one filter/],
    ['(cn=\\zz)', 4, /two hex digits/],
    ['(cn=\\2)', 4, /two hex digits/],
    ['(cn=a(b)', 5, /unescaped '\('/],
    ['(cn=a**b)', 6, /empty substring/],
    ['(cn=**)', 5, /empty substring/],
    ['(=x)', 1, /expected an attribute/],
    ['(1abc=x)', 1, /'\.'/],
    ['(01.2=x)', 1, /leading zero/],
    ['(a b=c)', 2, /unexpected ' '/],
    ['(cn)', 3, /unexpected '\)'/],
    ['(cn~x)', 4, /expected '='/],
    ['(cn>=a*)', 6, /unescaped '\*'/],
    ['(:=x)', 1, /needs a matching rule/],
    ['(cn:=x', 6, /missing '\)'/],
    ['(cn:x)', 5, /expected ':='/],
    ['(cn;=x)', 4, /option/],
    ['cn=x)', 4, /unbalanced/],
  ])('rejects %j at position %i', (text, position, message) => {
    const result = parseLdapFilter(text);
    expect(result).toMatchObject({ ok: false, position });
    expect(result.ok ? '' : result.message).toMatch(message);
  });

  it('parses the seed member search filter and finds its {member} comparisons', () => {
    const result = parseLdapFilter(
      '(|(&(objectClass=posixAccount)(uid={member}))(&(objectClass=posixGroup)(cn={member})))',
    );
    if (!result.ok) throw new Error(result.message);
    const compared = filterItems(result.filter)
      .filter((item) => item.type === 'equality' && item.value === '{member}')
      .map((item) => (item.type === 'equality' ? item.attribute : ''));
    expect(compared).toEqual(['uid', 'cn']);
  });
});
