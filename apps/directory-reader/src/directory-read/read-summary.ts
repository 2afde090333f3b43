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
  /** Lower-case name → [name as first spelled, first DN]. */
  private readonly firstByName = new Map<string, [string, string]>();
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
    const first = this.firstByName.get(key);
    if (first === undefined) {
      this.firstByName.set(key, [user.userName, user.dn]);
      return;
    }
    const conflict = this.conflicts.get(key);
    if (conflict) conflict.dns.push(user.dn);
    else this.conflicts.set(key, { userName: first[0], dns: [first[1], user.dn] });
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
