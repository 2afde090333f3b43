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

function problemOf(result: unknown): { position: number; message: string } | null {
  const outcome = result as { ok: boolean; position?: number; message?: string };
  return outcome.ok
    ? null
    : { position: outcome.position ?? 0, message: outcome.message ?? 'syntax error' };
}
