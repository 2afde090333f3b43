import { diffFields, isRename } from '@dirsync/user-diff';
import { describeUser } from './describe-user';
import { createLine, DirectoryLines, type LineRef, type PlanLines } from './directory-lines';
import { countActions, lineDigests, planFingerprint, sortChanges } from './plan-order';
import { rejectSharedEmailAddresses } from './shared-addresses';
import { StoredUsers } from './stored-users';
import { lowerCaseHashes, repeatedValues, textHash } from './text-hash';
import {
  type DirectoryUser,
  type DirectoryWarning,
  type PlannedUserChange,
  type PlanSummary,
  type Privilege,
  type SyncedUserState,
  type SyncPlan,
  type UserNameConflict,
} from '@dirsync/contracts';

/**
 * The heart of the product: what the directory says, against what the store
 * holds, gives a plan. A pure function of its inputs (no I/O, no clock), so
 * Test Settings and Synchronize now cannot disagree.
 *
 * Identity is the directory's stable id (entryUUID / objectGUID), never the
 * DN: a user moved to another OU or renamed is the same person (a `rename`).
 */
export interface PlanInput extends PlanOptions, ReadOutcome {
  /** The users in scope, as read. */
  directoryUsers: readonly DirectoryUser[];
  /** Every user in the store, local ones included (they are never changed). */
  storedUsers: readonly SyncedUserState[];
}

export interface PlanOptions {
  autoDeleteUsers: boolean;
  defaultPrivileges: readonly Privilege[];
}

/** What the directory read says once it has ended. */
export interface ReadOutcome {
  /** Users that match the user filter but not the synchronized groups. */
  outOfScopeExternalIds: ReadonlySet<string>;
  /** User names the reader found on more than one entry. */
  directoryConflicts: readonly UserNameConflict[];
  warnings: readonly DirectoryWarning[];
}

const lower = (value: string) => value.toLowerCase();

export function planSync(input: PlanInput): SyncPlan {
  const builder = new PlanBuilder(input.storedUsers, input);
  builder.add(input.directoryUsers);
  return toSyncPlan(builder.finish(input));
}

/**
 * A finished plan as PlanBuilder gives it: its summary and its lines (the
 * builder's by number, see LineRef) in the order made, not the order a
 * plan is listed in (`toSyncPlan`, user-store). `line` makes a line's
 * object, one at a time, for a line that was not released once staged:
 * a first sync's lines are never all objects at once.
 */
export interface BuiltPlan extends PlanSummary {
  lines: readonly LineRef[];
  line(ref: LineRef): PlannedUserChange;
}

/** Every line of a built plan as an object, in the plan's order (planSync, tests). */
export function toSyncPlan({ fingerprint, counts, warnings, lines, line }: BuiltPlan): SyncPlan {
  return { fingerprint, counts, warnings, changes: sortChanges(lines.map((ref) => line(ref))) };
}

/**
 * planSync, fed the directory a page at a time as it is read (the store
 * first): each directory user is compared with its stored twin when its page
 * arrives and kept only if it changes something, so an unchanged directory
 * is never held whole (a re-sync holds the store, the directory's stable ids
 * and the changes). The plan is the one planSync gives for the same users in
 * the same order: what needs the whole read waits for `finish` — the user
 * names the reader found on several entries (their lines are dropped there),
 * and new users whose name a stored user holds (whether the entry replaced
 * that user's needs every stable id of the directory).
 */
export class PlanBuilder {
  /** How many directory users matched each stored user (0: not in the directory read), by index. */
  private readonly matched: Uint32Array;
  /** How many of those left it unchanged (a name found on several entries uncounts them). */
  private readonly unchangedMatches: Uint32Array;
  private userNames?: Map<string, number>;
  /** Each directory user's line, in directory order, with its place in the directory. */
  private readonly directoryLines: DirectoryLines;
  /** New users whose name a stored user holds, planned in `finish`, with their place. */
  private readonly heldNames: { place: number; user: DirectoryUser }[] = [];
  private usersAdded = 0;

  /**
   * @param storedUsers every user in the store, local ones included (they
   *   are never changed); an array is packed first (planSync, tests)
   */
  constructor(
    storedUsers: StoredUsers | readonly SyncedUserState[],
    private readonly options: PlanOptions,
  ) {
    // Per stored user counters in typed arrays rather than sets of the
    // directory's stable ids: the planner's peak memory is its live set plus
    // what it has not collected yet.
    this.storedUsers =
      storedUsers instanceof StoredUsers ? storedUsers : StoredUsers.of(storedUsers);
    this.matched = new Uint32Array(this.storedUsers.size);
    this.unchangedMatches = new Uint32Array(this.storedUsers.size);
    this.directoryLines = new DirectoryLines(options.defaultPrivileges);
  }

  private readonly storedUsers: StoredUsers;

  /**
   * Every stored user's index by lower-case user name, built when first
   * needed: a re-sync that creates and renames nobody never needs it.
   */
  private get byUserName(): ReadonlyMap<string, number> {
    if (!this.userNames) {
      this.userNames = new Map();
      for (let index = 0; index < this.storedUsers.size; index += 1) {
        this.userNames.set(lower(this.storedUsers.userName(index)), index);
      }
    }
    return this.userNames;
  }

  /** The stored user holding this user name (any case), unpacked. */
  private holderOf(userName: string): SyncedUserState | undefined {
    const index = this.byUserName.get(lower(userName));
    return index === undefined ? undefined : this.storedUsers.user(index);
  }

  /** The next directory users, in the order read. */
  add(users: readonly DirectoryUser[]): void {
    for (const directoryUser of users) {
      const place = this.usersAdded++;
      const index = this.storedUsers.indexOfExternalId(directoryUser.externalId);
      if (index >= 0) {
        this.matched[index] = (this.matched[index] ?? 0) + 1;
        // Most users are unchanged: their packed fields are the stored ones, nothing unpacked.
        const change = this.storedUsers.holdsExactly(index, directoryUser)
          ? null
          : planExistingUser(directoryUser, this.storedUsers.user(index), (name) =>
              this.holderOf(name),
            );
        if (change) this.directoryLines.add(place, change);
        else this.unchangedMatches[index] = (this.unchangedMatches[index] ?? 0) + 1;
      } else if (this.byUserName.has(lower(directoryUser.userName))) {
        this.heldNames.push({ place, user: directoryUser });
      } else {
        this.directoryLines.addCreate(place, directoryUser);
      }
    }
  }

  /**
   * The lines `add` made so far, by number in the order made: candidates
   * for the plan, staged while the directory is still read. `finish` names
   * them by these numbers, and may drop some (a name the reader found twice,
   * an address another line takes).
   */
  get lines(): PlanLines {
    return this.directoryLines;
  }

  /**
   * The lines `finish` must read again among those released once staged
   * (DirectoryLines.release), by number: a line whose user name has the
   * hash of a name the reader found on several entries, or with an address
   * whose hash another line, a new user held for the end or a stored user
   * has too. Give them back with `restore` before `finish`; every other
   * released line meets no other and is passed as it is. Lines are no longer
   * released from here on.
   */
  linesToRecall(read: ReadOutcome): number[] {
    const lines = this.directoryLines;
    lines.stopReleasing();
    const released: number[] = [];
    for (let number = 0; number < lines.count; number += 1) {
      if (lines.isReleased(number)) released.push(number);
    }
    if (released.length === 0) return [];
    const hashes: number[] = [];
    const addHashes = (lineHashes: ArrayLike<number>) => {
      for (let index = 0; index < lineHashes.length; index += 1) hashes.push(lineHashes[index]!);
    };
    addHashes(lines.released.allAddressHashes());
    for (let number = 0; number < lines.count; number += 1) {
      if (!lines.isReleased(number)) addHashes(lowerCaseHashes(lines.broughtAddresses(number)));
    }
    for (const { user } of this.heldNames) addHashes(lowerCaseHashes(user.emailAddresses));
    for (let index = 0; index < this.storedUsers.size; index += 1) {
      addHashes(lowerCaseHashes(this.storedUsers.addresses(index)));
    }
    const sharedHashes = repeatedValues(hashes);
    const nameHashes = new Set(
      read.directoryConflicts.map((conflict) => textHash(lower(conflict.userName))),
    );
    return released.filter(
      (number) =>
        nameHashes.has(lines.released.nameHash(number)) ||
        lines.released.hasAddressHashIn(number, sharedHashes),
    );
  }

  /** The lines `linesToRecall` named (`numbers`), as the staged plan holds them, in that order. */
  restore(numbers: readonly number[], changes: readonly PlannedUserChange[]): void {
    if (changes.length !== numbers.length) {
      throw new Error(`${numbers.length} plan lines were asked for, ${changes.length} came back`);
    }
    numbers.forEach((number, index) => this.directoryLines.restore(number, changes[index]!));
  }

  /** The plan, once the read has ended (and `linesToRecall`'s lines are restored). */
  finish(read: ReadOutcome): BuiltPlan {
    this.directoryLines.stopReleasing();
    // Entries the reader flagged as sharing a user name: none of them is
    // applied, but none of them counts as vanished either.
    const ambiguousNames = new Set(
      read.directoryConflicts.map((conflict) => lower(conflict.userName)),
    );
    const ambiguousHashes = new Set([...ambiguousNames].map(textHash));
    const changes: LineRef[] = read.directoryConflicts.map((conflict) => ({
      action: 'conflict',
      userName: conflict.userName,
      reason: `${conflict.dns.length} directory entries have the user name "${conflict.userName}"`,
      parties: [...conflict.dns],
    }));
    const newUserContext = {
      holderOf: (userName: string) => this.holderOf(userName),
      inDirectory: (user: SyncedUserState) => this.inDirectory(user),
      autoDeleteUsers: this.options.autoDeleteUsers,
    };
    const held = this.heldNames.map(({ place, user }) => ({
      place,
      change: planNewUser(user, newUserContext, this.options.defaultPrivileges),
    }));
    // The directory users' lines in directory order: both lists are in it already.
    let next = 0;
    const keep = (line: LineRef) => {
      if (
        ambiguousNames.size === 0 ||
        !this.directoryLines.isNamedAmong(line, ambiguousNames, ambiguousHashes)
      ) {
        changes.push(line);
      }
    };
    for (let number = 0; number < this.directoryLines.count; number += 1) {
      const place = this.directoryLines.placeOf(number);
      while (next < held.length && (held[next]?.place ?? 0) < place) keep(held[next++]!.change);
      keep(number);
    }
    while (next < held.length) keep(held[next++]!.change);
    // An unchanged user has its stored user name: the ambiguous names uncount them by it.
    let unchanged = 0;
    // Stored users are unpacked only when needed: a name to uncount, or a user the read did not find.
    for (let index = 0; index < this.storedUsers.size; index += 1) {
      if ((this.matched[index] ?? 0) > 0) {
        const unchangedMatches = this.unchangedMatches[index] ?? 0;
        const ambiguous =
          ambiguousNames.size > 0 &&
          unchangedMatches > 0 &&
          ambiguousNames.has(lower(this.storedUsers.userName(index)));
        if (!ambiguous) unchanged += unchangedMatches;
        continue;
      }
      if (!this.storedUsers.isDirectoryUser(index)) continue;
      const stored = this.storedUsers.user(index);
      const reason =
        stored.externalId && read.outOfScopeExternalIds.has(stored.externalId)
          ? 'out-of-scope'
          : 'no-longer-in-directory';
      changes.push({
        action: this.options.autoDeleteUsers ? 'delete' : 'keep',
        userName: stored.userName,
        userId: stored.id,
        reason,
      });
    }

    const lines = this.directoryLines;
    const checked = rejectSharedEmailAddresses(changes, this.storedUsers, lines);
    const counts = countActions(checked, unchanged, lines);
    return {
      fingerprint: planFingerprint(
        lineDigests(checked, lines),
        counts,
        this.options.defaultPrivileges,
      ),
      lines: checked,
      line: (ref) => lines.line(ref),
      counts,
      warnings: [...read.warnings],
    };
  }

  /** Whether a directory user of the read matched this stored user. */
  private inDirectory(user: SyncedUserState): boolean {
    const index =
      user.externalId === null ? -1 : this.storedUsers.indexOfExternalId(user.externalId);
    return index >= 0 && (this.matched[index] ?? 0) > 0;
  }
}

function planExistingUser(
  directoryUser: DirectoryUser,
  stored: SyncedUserState,
  holderOf: (userName: string) => SyncedUserState | undefined,
): PlannedUserChange | null {
  const fieldChanges = diffFields(directoryUser, stored);
  if (fieldChanges.length === 0) return null;

  const renamed = fieldChanges.some((change) => change.field === 'userName');
  if (renamed) {
    const holder = holderOf(directoryUser.userName);
    if (holder && holder.id !== stored.id) {
      return {
        action: 'conflict',
        userName: directoryUser.userName,
        userId: stored.id,
        reason: `renaming "${stored.userName}" to "${directoryUser.userName}" collides with the existing ${describeUser(holder)}`,
        parties: [directoryUser.dn, describeUser(holder)],
      };
    }
  }
  const moved = isRename(fieldChanges);
  return {
    action: moved ? 'rename' : 'update',
    userName: directoryUser.userName,
    userId: stored.id,
    directoryUser,
    fieldChanges,
  };
}

function planNewUser(
  directoryUser: DirectoryUser,
  context: {
    holderOf: (userName: string) => SyncedUserState | undefined;
    /** Whether a directory user of the read matched this stored user. */
    inDirectory: (user: SyncedUserState) => boolean;
    autoDeleteUsers: boolean;
  },
  defaultPrivileges: readonly Privilege[],
): PlannedUserChange {
  const holder = context.holderOf(directoryUser.userName);
  if (holder && isReplacedEntry(holder, directoryUser, context.inDirectory)) {
    return {
      action: 'conflict',
      userName: directoryUser.userName,
      userId: holder.id,
      reason: replacedEntryReason(holder, directoryUser, context.autoDeleteUsers),
      parties: [
        `${directoryUser.dn} (stable id ${directoryUser.externalId})`,
        `directory user "${holder.userName}" (stable id ${holder.externalId ?? 'none'})`,
      ],
    };
  }
  if (holder) {
    return {
      action: 'conflict',
      userName: directoryUser.userName,
      reason: `the user name "${directoryUser.userName}" already belongs to the ${describeUser(holder)}`,
      parties: [directoryUser.dn, describeUser(holder)],
    };
  }
  return createLine(directoryUser, defaultPrivileges);
}

/**
 * The stored user's entry was deleted and another directory object created
 * at the same DN with the same user name: another person, as far as the
 * directory can tell (sign-in refuses it too: identity-mismatch).
 */
function isReplacedEntry(
  holder: SyncedUserState,
  directoryUser: DirectoryUser,
  inDirectory: (user: SyncedUserState) => boolean,
): boolean {
  return (
    holder.authMethod === 'directory' &&
    holder.dn !== null &&
    lower(holder.dn) === lower(directoryUser.dn) &&
    holder.externalId !== directoryUser.externalId &&
    !inDirectory(holder)
  );
}

function replacedEntryReason(
  holder: SyncedUserState,
  directoryUser: DirectoryUser,
  autoDeleteUsers: boolean,
): string {
  const name = holder.userName;
  const anotherPerson = autoDeleteUsers
    ? `this sync deletes the stored user "${name}" (automatic deletion) and the next one creates the new entry`
    : `delete the stored user "${name}" (or turn on automatic deletion) and the next sync creates the new entry`;
  return (
    `the entry at ${directoryUser.dn} is a different directory object (stable id ${holder.externalId ?? 'none'} ≠ ${directoryUser.externalId}): ` +
    `the entry "${name}" was synchronized from was deleted and another one created at its DN, and "${name}" cannot sign in until this is resolved. ` +
    `If it is another person, ${anotherPerson}. ` +
    `If it is the same person, restore the original entry instead (for example from the Active Directory Recycle Bin, which keeps its objectGUID): a new entry is never linked to a stored user, so deleting "${name}" would lose their privileges and the ownership of their archive folder.`
  );
}
