import type { Provider } from '@nestjs/common';
import { parseDn, parseLdapFilter } from '@dirsync/ldap';
import type { LdapSyntax } from './settings-rules';

export const LDAP_SYNTAX = Symbol('LDAP_SYNTAX');

/**
 * The RFC 4515/4514 parsers of the LDAP toolkit, as the settings rules need
 * them. A configured DN is stricter than RFC 4514: an attribute without a
 * value (`cn=`) is syntax there, but names no entry anyone could bind as or
 * search under.
 */
export const ldapSyntax: LdapSyntax = {
  filterProblem: (filter) => problemOf(parseLdapFilter(filter)),
  dnProblem: (dn) => {
    const parsed = parseDn(dn);
    if (!parsed.ok) return problemOf(parsed);
    const empty = parsed.rdns.flat().find((attribute) => attribute.value === '');
    if (!empty) return null;
    const position = new RegExp(`${empty.type}\\s*=\\s*`, 'i').exec(dn);
    return {
      position: position ? position.index + position[0].length : dn.length,
      message: `"${empty.type}" has an empty value`,
    };
  },
};

export const ldapSyntaxProvider: Provider = { provide: LDAP_SYNTAX, useValue: ldapSyntax };

function problemOf(result: { ok: true } | { ok: false; position: number; message: string }) {
  return result.ok ? null : { position: result.position, message: result.message };
}
