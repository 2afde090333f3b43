import type { DirectoryWarning } from '@dirsync/contracts';
import type { GroupCatalog } from './group-catalog';
import type { ScopeResult } from './group-scope';

/**
 * Answers "is this user in scope?" while users stream past, and remembers
 * which member DNs turned out to be users, so that the members that never
 * did (deleted entries, entries the user filter excludes) can be reported as
 * dangling at the end. One byte per known DN.
 */
export class ScopeMembership {
  private readonly seen: Uint8Array;

  /** @param scope null: no synchronized groups, every user is in scope. */
  constructor(
    private readonly catalog: GroupCatalog,
    private readonly scope: ScopeResult | null,
  ) {
    this.seen = new Uint8Array(catalog.idCount);
  }

  includes(dn: string): boolean {
    if (this.scope === null) return true;
    const id = this.catalog.find(dn);
    if (id === undefined || (this.scope.referrers[id] ?? -1) < 0) return false;
    this.seen[id] = 1;
    return true;
  }

  danglingMembers(): DirectoryWarning[] {
    if (this.scope === null) return [];
    const warnings: DirectoryWarning[] = [];
    const { referrers, foundByName } = this.scope;
    for (let id = 0; id < referrers.length; id += 1) {
      const groupId = referrers[id] as number;
      if (groupId < 0 || this.seen[id] === 1 || foundByName.has(id)) continue;
      const group = this.catalog.group(groupId);
      warnings.push({
        code: 'dangling-member',
        message: `member "${this.catalog.shownDn(id)}" of "${group?.names[0] ?? group?.dn ?? ''}" is neither a group nor a user matched by the user filter`,
        dn: this.catalog.shownDn(id),
      });
    }
    return warnings;
  }
}
