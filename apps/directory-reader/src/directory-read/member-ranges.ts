import { AppError } from '@dirsync/service-kit';
import { packedValues, type LdapEntry, type PackedValues } from '@dirsync/ldap';

export interface AttributeRange {
  start: number;
  /** `*`: this is the last range. */
  end: number | '*';
}

export interface RangedValues {
  values: PackedValues;
  /** Null when the server sent the whole attribute. */
  range: AttributeRange | null;
}

const RANGE_OPTION = /;range=(\d+)-(\d+|\*)$/i;

/**
 * The values of a multi-valued attribute as the entry holds them. Active
 * Directory sends at most 1,500 (MaxValRange) values of a large attribute, under
 * the key `member;range=0-1499` instead of `member`, and nothing under `member`:
 * reading only `member` would silently see an empty (or truncated) group.
 */
export function readRangedAttribute(entry: LdapEntry, attribute: string): RangedValues {
  const prefix = `${attribute.toLowerCase()};range=`;
  for (const key of Object.keys(entry)) {
    if (!key.toLowerCase().startsWith(prefix)) continue;
    const match = RANGE_OPTION.exec(key);
    if (!match) continue;
    const end = match[2] === '*' ? '*' : Number(match[2]);
    return { values: packedValues(entry, key), range: { start: Number(match[1]), end } };
  }
  return { values: packedValues(entry, attribute), range: null };
}

/** Reads one entry asking for one attribute description, e.g. `member;range=1500-*`. */
export type RangeFetcher = (attributeWithRange: string) => Promise<LdapEntry | null>;

/**
 * Every value of a ranged attribute, range by range: asks for
 * `attr;range=<next>-*` until the server answers with a range ending in `*`.
 * Anything unexpected (no range in the answer, a gap) fails: a group read in
 * part is never taken as complete.
 */
export async function readAllRanges(
  first: RangedValues,
  attribute: string,
  dn: string,
  fetch: RangeFetcher,
): Promise<PackedValues[]> {
  const values = [first.values];
  let range = first.range;
  while (range !== null && range.end !== '*') {
    const start = range.end + 1;
    const entry = await fetch(`${attribute};range=${start}-*`);
    const next = entry ? readRangedAttribute(entry, attribute) : null;
    if (next?.range?.start !== start) {
      throw new AppError(
        'ldap-incomplete-attribute',
        `${dn}: the server did not return ${attribute} values from ${start} on (the group changed during the read?); the read was abandoned`,
      );
    }
    values.push(next.values);
    range = next.range;
  }
  return values;
}
