import type { UserSettings } from '@dirsync/contracts';
import { escapeFilterValue } from '@dirsync/ldap';
import { AppError } from '@dirsync/service-kit';

/** An attribute description (RFC 4512): a name or numeric OID, options allowed. */
const ATTRIBUTE = /^(?:[A-Za-z][A-Za-z0-9-]*|[0-9]+(?:\.[0-9]+)+)(?:;[A-Za-z0-9-]+)*$/;

/**
 * The filter that finds a synchronized user's entry again after it moved:
 * the user-name attribute equals the stored name, within the configured user
 * filter. The name is only ever inserted escaped (RFC 4515), so `*` or
 * `)(uid=*` match those characters literally and cannot widen the search.
 * With "local part only" the stored `jdoe` may be `jdoe@example.com` in the
 * directory, hence the second, anchored substring alternative.
 */
export function userSearchFilter(users: UserSettings, storedUserName: string): string {
  const attribute = users.userNameAttribute.trim();
  if (!ATTRIBUTE.test(attribute)) {
    throw new AppError('invalid-settings', `"${attribute}" is not an LDAP attribute name`);
  }
  const value = escapeFilterValue(storedUserName);
  const byName = users.localPartOnly
    ? `(|(${attribute}=${value})(${attribute}=${value}@*))`
    : `(${attribute}=${value})`;
  const scope = users.filter?.trim();
  if (!scope) return byName;
  return `(&${byName}${scope.startsWith('(') ? scope : `(${scope})`})`;
}
