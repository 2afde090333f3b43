import type { Entry } from 'ldapts';
import { PackedValues } from './packed-values';

/**
 * A search result entry as ldapts returns it: `dn` plus one key per attribute
 * the server sent; an attribute the search asked for packed
 * (`packedAttributes`) may hold its values as one PackedValues.
 */
export interface LdapEntry {
  dn: string;
  [attribute: string]: Entry[string] | PackedValues;
}

/**
 * The key under which the entry holds an attribute. Servers answer with the
 * type spelled as in their schema (`displayName` for a request of
 * `displayname`), so look it up case-insensitively. Ranged keys
 * (`member;range=0-1499`) are not the attribute itself.
 */
export function attributeKey(entry: LdapEntry, name: string): string | undefined {
  if (Object.hasOwn(entry, name)) return name;
  const wanted = name.toLowerCase();
  for (const key of Object.keys(entry)) {
    if (key !== 'dn' && key.toLowerCase() === wanted) return key;
  }
  return undefined;
}

/** Every value of a text attribute, in the server's order; [] when absent. */
export function attributeValues(entry: LdapEntry, name: string): string[] {
  const key = attributeKey(entry, name);
  if (key === undefined || key === 'dn') return [];
  const value = entry[key];
  // Single values come as a bare string: the common case, read without allocating twice.
  if (typeof value === 'string') return [value];
  if (value instanceof PackedValues) return value.texts();
  return asArray(value).map((item) => (typeof item === 'string' ? item : item.toString('utf8')));
}

/** The first value of a text attribute, or null. */
export function firstValue(entry: LdapEntry, name: string): string | null {
  const key = attributeKey(entry, name);
  const value = key === undefined || key === 'dn' ? undefined : entry[key];
  // A bare string (a single value): no array made for it; this runs for every user.
  if (typeof value === 'string') return value;
  return attributeValues(entry, name)[0] ?? null;
}

/** The first value of a binary attribute, or null (without an array for the common cases). */
export function firstBuffer(entry: LdapEntry, name: string): Buffer | null {
  const key = attributeKey(entry, name);
  const value = key === undefined || key === 'dn' ? undefined : entry[key];
  if (value === undefined) return null;
  if (Buffer.isBuffer(value)) return value;
  if (Array.isArray(value) && value.length === 0) return null;
  return attributeBuffers(entry, name)[0] ?? null;
}

/** Every value of a binary attribute (ask for it in `binaryAttributes` so ldapts keeps the bytes). */
export function attributeBuffers(entry: LdapEntry, name: string): Buffer[] {
  const key = attributeKey(entry, name);
  if (key === undefined || key === 'dn') return [];
  return asArray(entry[key]).map((value) =>
    typeof value === 'string' ? Buffer.from(value, 'utf8') : value,
  );
}

/**
 * Every value of an attribute as PackedValues: as decoded when the search
 * asked for it packed, else packed here (ldapts's own decoding, a test's entry).
 */
export function packedValues(entry: LdapEntry, name: string): PackedValues {
  const key = attributeKey(entry, name);
  if (key === undefined || key === 'dn') return PackedValues.EMPTY;
  const value = entry[key];
  return value instanceof PackedValues ? value : PackedValues.of(asArray(value));
}

function asArray(value: LdapEntry[string] | undefined): (string | Buffer)[] {
  if (value === undefined) return [];
  if (value instanceof PackedValues) {
    const values: Buffer[] = [];
    for (const cursor = value.cursor(); cursor.next();) {
      values.push(value.bytes.subarray(cursor.start, cursor.end));
    }
    return values;
  }
  return Array.isArray(value) ? value : [value];
}
