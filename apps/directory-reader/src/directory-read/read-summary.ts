import type {
  DirectoryReadSummary,
  DirectoryUser,
  DirectoryWarning,
  UserNameConflict,
} from '@dirsync/contracts';

/** Warnings kept per code; a directory with 50,000 dangling members must not make a 10 MB summary. */
export const MAX_WARNINGS_PER_CODE = 100;

/**
 * Collects what the last page reports while users stream past: warnings
 * (capped per code, with a count of the rest), user-name conflicts (every DN
 * that shares a name, case-insensitively, as the planner compares names) and
 * the stable ids of users out of scope. Per user it keeps only the name and
 * first DN, never the user.
 */
export class ReadSummaryBuilder {
  private readonly warnings: DirectoryWarning[] = [];
  private readonly warningCounts = new Map<string, number>();
  /** Lower-case name → the DN of the first user with that name. */
  private readonly firstDnByName = new Map<string, string>();
  /** Lower-case name → the name as first spelled, only when that is not all lower case (one small map instead of a pair per user). */
  private readonly firstSpelling = new Map<string, string>();
  private readonly conflicts = new Map<string, UserNameConflict>();
  private readonly outOfScope: string[] = [];
  private usersInScope = 0;

  warn(warning: DirectoryWarning): void {
    const count = (this.warningCounts.get(warning.code) ?? 0) + 1;
    this.warningCounts.set(warning.code, count);
    if (count <= MAX_WARNINGS_PER_CODE) this.warnings.push(warning);
  }

  userInScope(user: DirectoryUser): void {
    this.usersInScope += 1;
    const key = user.userName.toLowerCase();
    const firstDn = this.firstDnByName.get(key);
    if (firstDn === undefined) {
      this.firstDnByName.set(key, user.dn);
      if (key !== user.userName) this.firstSpelling.set(key, user.userName);
      return;
    }
    const conflict = this.conflicts.get(key);
    if (conflict) conflict.dns.push(user.dn);
    else {
      const userName = this.firstSpelling.get(key) ?? key;
      this.conflicts.set(key, { userName, dns: [firstDn, user.dn] });
    }
  }

  userOutOfScope(externalId: string): void {
    this.outOfScope.push(externalId);
  }

  build(baseDn: string, groupsRead: number): DirectoryReadSummary {
    const omitted = [...this.warningCounts]
      .filter(([, count]) => count > MAX_WARNINGS_PER_CODE)
      .map(([code, count]) => ({
        code,
        message: `${count - MAX_WARNINGS_PER_CODE} more "${code}" warnings were left out`,
      }));
    return {
      baseDn,
      usersInScope: this.usersInScope,
      groupsRead,
      outOfScopeExternalIds: this.outOfScope,
      conflicts: [...this.conflicts.values()],
      warnings: [...this.warnings, ...omitted],
    };
  }
}
