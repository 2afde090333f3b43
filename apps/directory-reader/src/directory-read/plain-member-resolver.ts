import {
  attributeValues,
  fillMemberPlaceholder,
  filterItems,
  MEMBER_PLACEHOLDER,
  parseLdapFilter,
  type LdapConnection,
} from '@dirsync/ldap';
import type { PlainResolution } from './group-scope';

/** Member values per query: one OR filter instead of one search per member. */
export const MEMBER_BATCH_SIZE = 100;

/**
 * Resolves plain member names (posixGroup `memberUid`) with the member search
 * filter, `{member}` replaced by each value escaped per RFC 4515, many values
 * OR-ed into one query. Which value found which entry is read back from the
 * attributes the filter compares with `{member}` (`uid`, `cn` in the seed's
 * filter).
 */
export class PlainMemberResolver {
  private readonly compared: string[];

  constructor(
    private readonly connection: LdapConnection,
    private readonly baseDn: string,
    private readonly template: string,
  ) {
    this.compared = comparedAttributes(template);
  }

  async resolve(values: readonly string[]): Promise<PlainResolution[]> {
    const resolutions: PlainResolution[] = [];
    for (let start = 0; start < values.length; start += MEMBER_BATCH_SIZE) {
      resolutions.push(await this.resolveBatch(values.slice(start, start + MEMBER_BATCH_SIZE)));
    }
    return resolutions;
  }

  private async resolveBatch(values: string[]): Promise<PlainResolution> {
    const parts = values.map((value) => fillMemberPlaceholder(this.template, value));
    const filter = parts.length === 1 ? (parts[0] as string) : `(|${parts.join('')})`;
    const wanted = new Set(values.map((value) => value.toLowerCase()));
    const byValue = new Map<string, string[]>();
    const unattributed: string[] = [];
    // "1.1" asks for no attributes at all (RFC 4511) when there is nothing to read back.
    const attributes = this.compared.length > 0 ? this.compared : ['1.1'];
    for await (const entries of this.connection.searchPages({
      baseDn: this.baseDn,
      filter,
      attributes,
    })) {
      for (const entry of entries) {
        let attributed = false;
        for (const attribute of this.compared) {
          for (const value of attributeValues(entry, attribute)) {
            const key = value.trim().toLowerCase();
            if (!wanted.has(key)) continue;
            attributed = true;
            const dns = byValue.get(key);
            if (dns) dns.push(entry.dn);
            else byValue.set(key, [entry.dn]);
          }
        }
        if (!attributed) unattributed.push(entry.dn);
      }
    }
    return { values, byValue, unattributed };
  }
}

/** The attributes a member search filter compares for equality with `{member}`. */
export function comparedAttributes(template: string): string[] {
  const parsed = parseLdapFilter(template);
  if (!parsed.ok) return [];
  const attributes = filterItems(parsed.filter).flatMap((item) =>
    (item.type === 'equality' || item.type === 'approx') && item.value === MEMBER_PLACEHOLDER
      ? [item.attribute.split(';')[0] as string]
      : [],
  );
  return [...new Set(attributes)];
}
