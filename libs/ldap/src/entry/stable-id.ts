import { firstBuffer, firstValue, type LdapEntry } from './entry-attributes';
import { objectGuidToString } from './object-guid';

/**
 * The attributes holding a directory object's stable id: `objectGUID`
 * (Active Directory, binary) or `entryUUID` (OpenLDAP and most others). Both
 * are operational or binary, so they are requested by name; `*` would not
 * return them.
 */
export const STABLE_ID_ATTRIBUTES = ['objectGUID', 'entryUUID'];
/** ldapts must keep objectGUID as bytes; it compares the names case-sensitively. */
export const STABLE_ID_BINARY_ATTRIBUTES = ['objectGUID', 'objectguid'];

/**
 * An entry's stable id as the sync stores it (`externalId`): objectGUID in
 * canonical text, else entryUUID (lower case), else null. The reader and the
 * sign-in both use this, so they cannot disagree about who an entry is.
 */
export function stableId(entry: LdapEntry): string | null {
  const guid = firstBuffer(entry, 'objectGUID');
  if (guid?.length === 16) return objectGuidToString(guid);
  // Some proxies and virtual directories hand out GUIDs as text already.
  const text = guid?.toString('utf8').replace(/^\{|\}$/g, '');
  if (text && /^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/i.test(text)) return text.toLowerCase();
  const uuid = firstValue(entry, 'entryUUID')?.trim();
  return uuid ? uuid.toLowerCase() : null;
}
