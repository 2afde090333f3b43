import { ldapSyntax } from './ldap-syntax.provider';

describe('ldapSyntax', () => {
  it.each([
    ['cn=', 3, '"cn" has an empty value'],
    ['cn=admin,dc=', 12, '"dc" has an empty value'],
    ['cn = ,dc=example', 5, '"cn" has an empty value'],
  ])('refuses the DN %j, saying where', (dn, position, message) => {
    expect(ldapSyntax.dnProblem(dn)).toEqual({ position, message });
  });

  it.each(['cn=admin,dc=example,dc=com', 'cn=Smith\\, John,ou=people', ''])(
    'accepts the DN %j',
    (dn) => {
      expect(ldapSyntax.dnProblem(dn)).toBeNull();
    },
  );

  it('still reports RFC 4514 syntax errors', () => {
    expect(ldapSyntax.dnProblem('cn=admin,,dc=example')).toMatchObject({ position: 9 });
  });
});
