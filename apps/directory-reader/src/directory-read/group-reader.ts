import type { DirectoryWarning, GroupSettings } from '@dirsync/contracts';
import {
  attributeValues,
  firstValue,
  type LdapConnection,
  type LdapEntry,
  type PackedValues,
} from '@dirsync/ldap';
import { GroupCatalog } from './group-catalog';
import { readAllRanges, readRangedAttribute } from './member-ranges';

/**
 * Groups per page when their members are read. A page is decoded whole
 * before it is handed on, and the next one is read ahead, so two pages'
 * messages are held at once: members are packed (a view of the messages, no
 * string per value), and 50 groups of 540 members are ≈ 1.3 MB. (Read as
 * strings, 1,000 groups held a million member strings at once, which
 * outlived the young generation.) The extra round trips are hidden by the
 * read-ahead.
 */
export const GROUPS_WITH_MEMBERS_PAGE_SIZE = 50;

/**
 * Reads every group of the group filter into a GroupCatalog (groups are
 * needed whole to resolve nesting; users never are). Members are only read
 * when synchronized groups are configured: otherwise scope is "every user"
 * and a million member values would be read for nothing.
 */
export class GroupReader {
  constructor(
    private readonly connection: LdapConnection,
    private readonly baseDn: string,
    private readonly settings: GroupSettings,
  ) {}

  async read(
    withMembers: boolean,
    warn: (warning: DirectoryWarning) => void,
  ): Promise<GroupCatalog> {
    const catalog = new GroupCatalog(Boolean(this.settings.memberSearchFilter?.trim()));
    const attributes = [this.settings.nameAttribute];
    if (this.settings.descriptionAttribute) attributes.push(this.settings.descriptionAttribute);
    if (withMembers) attributes.push(this.settings.membersAttribute);
    for await (const entries of this.connection.searchPages({
      baseDn: this.baseDn,
      filter: this.settings.filter,
      attributes,
      // Members as bytes, not a string each: most are looked up by their bytes and dropped.
      ...(withMembers
        ? {
            pageSize: GROUPS_WITH_MEMBERS_PAGE_SIZE,
            packedAttributes: [this.settings.membersAttribute],
          }
        : {}),
    })) {
      for (const entry of entries) {
        const names = attributeValues(entry, this.settings.nameAttribute)
          .map((name) => name.trim())
          .filter(Boolean);
        const { invalidMembers } = catalog.add({
          dn: entry.dn,
          names,
          description: this.settings.descriptionAttribute
            ? firstValue(entry, this.settings.descriptionAttribute)?.trim() || null
            : null,
          members: withMembers ? await this.members(entry) : [],
        });
        for (const member of invalidMembers) {
          warn({
            code: 'invalid-member',
            message: `group "${names[0] ?? entry.dn}" lists "${member}", which is not a DN (plain names need a member search filter)`,
            dn: entry.dn,
          });
        }
      }
    }
    return catalog;
  }

  private async members(entry: LdapEntry): Promise<PackedValues[]> {
    const attribute = this.settings.membersAttribute;
    const first = readRangedAttribute(entry, attribute);
    if (first.range === null) return [first.values];
    return readAllRanges(first, attribute, entry.dn, (ranged) =>
      this.connection.readEntry(entry.dn, [ranged], [], [attribute]),
    );
  }
}
