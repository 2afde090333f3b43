import type {
  DirectoryReadSummary,
  DirectoryUser,
  DirectoryWarning,
  UserNameConflict,
} from '@dirsync/contracts';
import { ByteStringTable } from './byte-string-table';
import type { DnSpellings } from './group-catalog';

/** Warnings kept per code; a directory with 50,000 dangling members must not make a 10 MB summary. */
export const MAX_WARNINGS_PER_CODE = 100;

/**
 * Collects what the last page reports while users stream past: warnings
 * (capped per code, with a count of the rest), user-name conflicts (every DN
 * that shares a name, case-insensitively, as the planner compares names) and
 * the stable ids of users out of scope. Per user it keeps only the name and
 * first DN, never the user, and those as bytes in ByteStringTables (off the
 * collected heap): a Map of 100,000 names and DNs held ≈ 15 MB of small
 * strings that every full collection marked, and that grew with the directory.
 */
export class ReadSummaryBuilder {
  private readonly warnings: DirectoryWarning[] = [];
  private readonly warningCounts = new Map<string, number>();
  /** Lower-case user names, each id the order it was first seen in. */
  private readonly names = new ByteStringTable();
  /** The DN of the first user of each name (by name id: firstDnIds). */
  private dns: DnSpellings = new ByteStringTable();
  private firstDnIds: Int32Array = new Int32Array(1024);
  /** Names as first spelled, when that is not all lower case (by name id: spellingIds, else -1). */
  private readonly spellings = new ByteStringTable();
  private spellingIds: Int32Array = new Int32Array(1024);
  private readonly conflicts = new Map<string, UserNameConflict>();
  private readonly outOfScope: string[] = [];
  private usersInScope = 0;

  /**
   * Keeps the users' DNs in `spellings` (the group catalogue's, where the DN
   * of a user in a group scope is already) instead of a table of its own.
   * Before the first user only.
   */
  keepDnsIn(spellings: DnSpellings): void {
    if (this.names.size > 0) throw new Error('keepDnsIn: users were counted already');
    this.dns = spellings;
  }

  warn(warning: DirectoryWarning): void {
    const count = (this.warningCounts.get(warning.code) ?? 0) + 1;
    this.warningCounts.set(warning.code, count);
    if (count <= MAX_WARNINGS_PER_CODE) this.warnings.push(warning);
  }

  userInScope(user: DirectoryUser): void {
    this.usersInScope += 1;
    const key = user.userName.toLowerCase();
    const known = this.names.size;
    const nameId = this.names.add(key);
    if (nameId === known) {
      if (nameId >= this.firstDnIds.length) {
        this.firstDnIds = doubled(this.firstDnIds);
        this.spellingIds = doubled(this.spellingIds);
      }
      this.firstDnIds[nameId] = this.dns.add(user.dn);
      this.spellingIds[nameId] = key === user.userName ? -1 : this.spellings.add(user.userName);
      return;
    }
    const conflict = this.conflicts.get(key);
    if (conflict) conflict.dns.push(user.dn);
    else {
      const spelling = this.spellingIds[nameId] as number;
      const userName = spelling < 0 ? key : this.spellings.text(spelling);
      const firstDn = this.dns.text(this.firstDnIds[nameId] as number);
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

function doubled(array: Int32Array): Int32Array {
  const longer = new Int32Array(array.length * 2);
  longer.set(array);
  return longer;
}
