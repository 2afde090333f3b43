import { attributeBuffers, firstValue, type LdapEntry, objectGuidToString } from '@dirsync/ldap';

/** Attributes that carry the stable id the sync stored as `externalId`. */
export const IDENTITY_ATTRIBUTES = ['entryUUID', 'objectGUID'] as const;
export const BINARY_IDENTITY_ATTRIBUTES = ['objectGUID'];

/**
 * Whether an entry found by name is the person the store knows: its
 * entryUUID (OpenLDAP) or objectGUID (Active Directory) equals the stored
 * id. A different person who took over the user name since the last sync
 * must not sign in to the old owner's account. An entry that shows neither
 * attribute (not readable by the service account) cannot be checked: true.
 */
export function isSameIdentity(entry: LdapEntry, externalId: string | null): boolean {
  if (!externalId) return true;
  const wanted = externalId.toLowerCase();
  const entryUuid = firstValue(entry, 'entryUUID');
  if (entryUuid) return entryUuid.toLowerCase() === wanted;
  const guid = attributeBuffers(entry, 'objectGUID')[0];
  if (guid?.length === 16) return objectGuidToString(guid) === wanted;
  return true;
}
