import { attributeValues, type LdapEntry } from '../entry/entry-attributes';
import { LdapError } from './ldap-errors';

/**
 * Picks the base DN a server advertises: Active Directory names its domain in
 * `defaultNamingContext`; OpenLDAP and others list `namingContexts`, usable
 * when there is exactly one. Anything else needs the admin to choose.
 */
export function baseDnFromRootDse(rootDse: LdapEntry | null, server: string): string {
  const defaultContext = rootDse
    ? attributeValues(rootDse, 'defaultNamingContext')[0]?.trim()
    : undefined;
  if (defaultContext) return defaultContext;
  const contexts = rootDse
    ? attributeValues(rootDse, 'namingContexts')
        .map((value) => value.trim())
        .filter(Boolean)
    : [];
  if (contexts.length === 1) return contexts[0] as string;
  const why =
    contexts.length === 0
      ? 'its RootDSE names no naming context (or the bind user may not read it)'
      : `it has ${contexts.length} naming contexts (${contexts.join('; ')})`;
  throw new LdapError(
    'ldap-base-dn-undetectable',
    `cannot detect the base DN of ${server}: ${why}; enter the base DN in the settings`,
  );
}
