import type { DirectoryUser, SyncedUserState } from '@dirsync/contracts';
import {
  hasExternalId,
  holdsExactly,
  isPackedDirectoryUser,
  packedAddresses,
  type PackedUser,
  packedExternalId,
  packedId,
  packedUserName,
  packUser,
  unpackUser,
} from './packed-user';
import { textHash } from './text-hash';

/**
 * Every stored user a plan is made against, packed (PackedUser) and found
 * by stable id through an open-addressing table of record numbers in a
 * typed array (8–16 bytes a user, where a Map of strings costs ≈ 80). Never
 * changed once built: the store mirror makes a new one for each look, so a
 * run keeps the set it started with.
 *
 * A user is known by its index here; `user(index)` unpacks a copy, for the
 * few users a plan has to look at closely (changed, deleted, in conflict).
 */
export class StoredUsers {
  private readonly byExternalId: Int32Array;

  private constructor(private readonly records: readonly PackedUser[]) {
    this.byExternalId = indexTable(records);
  }

  static of(users: Iterable<SyncedUserState>): StoredUsers {
    const records: PackedUser[] = [];
    for (const user of users) records.push(packUser(user));
    return new StoredUsers(records);
  }

  static packed(records: readonly PackedUser[]): StoredUsers {
    return new StoredUsers(records);
  }

  static readonly empty = new StoredUsers([]);

  get size(): number {
    return this.records.length;
  }

  /**
   * This set with the users written since replacing (or joining) those
   * with their ids, and the removed ones left out.
   */
  withChanges(written: readonly PackedUser[], removedIds: readonly string[]): StoredUsers {
    if (written.length === 0 && removedIds.length === 0) return this;
    if (this.records.length === 0) return new StoredUsers(written);
    const replaced = new Set(removedIds);
    for (const record of written) replaced.add(packedId(record));
    const records = this.records.filter((record) => !replaced.has(packedId(record)));
    for (const record of written) records.push(record);
    return new StoredUsers(records);
  }

  /** Every user, unpacked one at a time. */
  *[Symbol.iterator](): Iterator<SyncedUserState> {
    for (const record of this.records) yield unpackUser(record);
  }

  user(index: number): SyncedUserState {
    return unpackUser(this.record(index));
  }

  userName(index: number): string {
    return packedUserName(this.record(index));
  }

  addresses(index: number): string[] {
    return packedAddresses(this.record(index));
  }

  /** The index of the directory user with this stable id, or -1. */
  indexOfExternalId(externalId: string): number {
    const table = this.byExternalId;
    const mask = table.length - 1;
    for (let slot = textHash(externalId) & mask; ; slot = (slot + 1) & mask) {
      const entry = table[slot] ?? 0;
      if (entry === 0) return -1;
      if (hasExternalId(this.record(entry - 1), externalId)) return entry - 1;
    }
  }

  isDirectoryUser(index: number): boolean {
    return isPackedDirectoryUser(this.record(index));
  }

  /** Whether the user at `index` holds exactly the directory user's values (see `holdsExactly`). */
  holdsExactly(index: number, user: DirectoryUser): boolean {
    return holdsExactly(this.record(index), user);
  }

  private record(index: number): PackedUser {
    const record = this.records[index];
    if (record === undefined) throw new RangeError(`no stored user at ${index}`);
    return record;
  }
}

/**
 * Slots of record number + 1 (0: free) by the hash of each directory
 * user's stable id, at most half full. Stable ids are unique in the store
 * (a unique index); were one not, lookups would find the first.
 */
function indexTable(records: readonly PackedUser[]): Int32Array {
  let size = 16;
  while (size < records.length * 2) size *= 2;
  const table = new Int32Array(size);
  const mask = size - 1;
  records.forEach((record, index) => {
    const externalId = packedExternalId(record);
    if (externalId === null) return;
    let slot = textHash(externalId) & mask;
    while (table[slot] !== 0) slot = (slot + 1) & mask;
    table[slot] = index + 1;
  });
  return table;
}
