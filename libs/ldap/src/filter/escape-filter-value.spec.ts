import { escapeFilterValue, fillMemberPlaceholder } from './escape-filter-value';
import { parseLdapFilter } from './parse-ldap-filter';

describe(escapeFilterValue.name, () => {
  it.each([
    ['jdoe', 'jdoe'],
    ['evil)(uid=*', 'evil\\29\\28uid=\\2a'],
    ['a\\b', 'a\\5cb'],
    ['nul\0', 'nul\\00'],
    ['*', '\\2a'],
    ['Jos\u00e9 Garc\u00eda', 'Jos\u00e9 Garc\u00eda'],
    ['Smith, John', 'Smith, John'],
  ])('escapes %j as %j', (value, escaped) => {
    expect(escapeFilterValue(value)).toBe(escaped);
  });
});

describe(fillMemberPlaceholder.name, () => {
  const template =
    '(|(&(objectClass=posixAccount)(uid={member}))(&(objectClass=posixGroup)(cn={member})))';

  it('fills every placeholder with the escaped value', () => {
    expect(fillMemberPlaceholder(template, 'evil)(uid=*')).toBe(
      '(|(&(objectClass=posixAccount)(uid=evil\\29\\28uid=\\2a))(&(objectClass=posixGroup)(cn=evil\\29\\28uid=\\2a)))',
    );
  });

  it.each(['evil)(uid=*', '*', ')(|(objectClass=*)', 'a\\', '('])(
    'keeps the filter shape for the hostile value %j',
    (value) => {
      const result = parseLdapFilter(fillMemberPlaceholder(template, value));
      expect(result.ok).toBe(true);
      expect(result.ok && result.filter.type).toBe('or');
      expect(result.ok && result.filter.type === 'or' && result.filter.filters).toHaveLength(2);
    },
  );
});
