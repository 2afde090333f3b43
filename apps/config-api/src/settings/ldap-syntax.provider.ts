import type { Provider } from '@nestjs/common';
import { parseDn, parseLdapFilter } from '@dirsync/ldap';
import type { LdapSyntax } from './settings-rules';

export const LDAP_SYNTAX = Symbol('LDAP_SYNTAX');

/** The RFC 4515/4514 parsers of the LDAP toolkit, as the settings rules need them. */
export const ldapSyntaxProvider: Provider = {
  provide: LDAP_SYNTAX,
  useValue: {
    filterProblem: (filter) => problemOf(parseLdapFilter(filter)),
    dnProblem: (dn) => problemOf(parseDn(dn)),
  } satisfies LdapSyntax,
};

function problemOf(result: { ok: true } | { ok: false; position: number; message: string }) {
  return result.ok ? null : { position: result.position, message: result.message };
}
