import type { StoredUser } from '@dirsync/contracts';
import {
  type LdapConnection,
  LdapError,
  normalizeDnOrNull,
  STABLE_ID_ATTRIBUTES,
  STABLE_ID_BINARY_ATTRIBUTES,
  stableId,
} from '@dirsync/ldap';
import type { DirectoryVerdict } from '../verification/verification';

/** The stable id the sync stored for the user (objectGUID / entryUUID, lower case), or null. */
export function storedStableId(user: StoredUser): string | null {
  return user.externalId?.trim().toLowerCase() || null;
}

/**
 * The stable id of the entry at `dn`, read with a base-scope search as
 * whoever the connection is bound as; null when that identity may not see
 * the entry or its id. The same decoding as the reader's (`stableId`).
 */
export async function readStableId(connection: LdapConnection, dn: string): Promise<string | null> {
  try {
    const entry = await connection.readEntry(dn, STABLE_ID_ATTRIBUTES, STABLE_ID_BINARY_ATTRIBUTES);
    return entry ? stableId(entry) : null;
  } catch (error) {
    // slapd answers "no such object" for an entry the bound identity may not read.
    if (error instanceof LdapError && error.code === 'ldap-no-such-object') return null;
    throw error;
  }
}

/**
 * The refusal when the directory object at (or named like) the user's stored
 * entry is another one: deleted and re-created, typically, for someone else.
 */
export function identityMismatch(user: StoredUser, dn: string, found: string): DirectoryVerdict {
  const stored = storedStableId(user) ?? 'none';
  const where =
    user.dn && sameDn(user.dn, dn)
      ? `the entry at ${dn} is now another directory object`
      : `the user name "${user.userName}" now belongs to another directory object (${dn})`;
  return {
    outcome: 'identity-mismatch',
    message: `${where} (stable id stored ${stored} ≠ found ${found}): the entry "${user.userName}" was synchronized from was deleted and another was created; the next sync reports it`,
  };
}

export function sameDn(a: string, b: string): boolean {
  const normalizedA = normalizeDnOrNull(a);
  return normalizedA !== null
    ? normalizedA === normalizeDnOrNull(b)
    : a.toLowerCase() === b.toLowerCase();
}
