import { createHash } from 'node:crypto';
import { diffFields, isRename } from '@dirsync/user-diff';
import { StoredUsers } from './stored-users';
import {
  type DirectoryUser,
  type DirectoryWarning,
  emptyPlanCounts,
  PLAN_ACTION_ORDER,
  type PlanCounts,
  type PlannedCreate,
  type PlannedRename,
  type PlannedUpdate,
  type PlannedUserChange,
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
  return builder.finish(input);
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
  private readonly userLines: PlannedUserChange[] = [];
  private readonly userLinePlaces: number[] = [];
  /** New users whose name a stored user holds, planned in `finish`, with their place. */
  private readonly heldNames: { place: number; user: DirectoryUser }[] = [];
  private usersAdded = 0;
  /** How many of `userLines` `takeLines` has handed out. */
  private linesTaken = 0;

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
        if (change) this.addLine(place, change);
        else this.unchangedMatches[index] = (this.unchangedMatches[index] ?? 0) + 1;
      } else if (this.byUserName.has(lower(directoryUser.userName))) {
        this.heldNames.push({ place, user: directoryUser });
      } else {
        this.addLine(place, createLine(directoryUser, this.options.defaultPrivileges));
      }
    }
  }

  /**
   * The lines `add` made since the last call, in the order made: candidates
   * for the plan (staged while the directory is still read). `finish` may
   * drop some of them (a name the reader found twice, an address another
   * line takes); the lines it keeps are these very objects.
   */
  takeLines(): PlannedUserChange[] {
    const lines = this.userLines.slice(this.linesTaken);
    this.linesTaken = this.userLines.length;
    return lines;
  }

  /** The plan, once the read has ended. */
  finish(read: ReadOutcome): SyncPlan {
    // Entries the reader flagged as sharing a user name: none of them is
    // applied, but none of them counts as vanished either.
    const ambiguousNames = new Set(
      read.directoryConflicts.map((conflict) => lower(conflict.userName)),
    );
    const changes: PlannedUserChange[] = read.directoryConflicts.map((conflict) => ({
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
    const keep = (change: PlannedUserChange) => {
      if (!ambiguousNames.has(lower(change.userName))) changes.push(change);
    };
    this.userLines.forEach((change, index) => {
      const place = this.userLinePlaces[index] ?? 0;
      while (next < held.length && (held[next]?.place ?? 0) < place) keep(held[next++]!.change);
      keep(change);
    });
    while (next < held.length) keep(held[next++]!.change);
    // An unchanged user has its stored user name: the ambiguous names uncount them by it.
    let unchanged = 0;
    for (let index = 0; index < this.storedUsers.size; index += 1) {
      const unchangedMatches = this.unchangedMatches[index] ?? 0;
      const matched = this.matched[index] ?? 0;
      // Unpacked only when needed: a name to uncount, or a user the read did not find.
      const looked = ambiguousNames.size > 0 && unchangedMatches > 0;
      if (!looked && matched > 0) {
        unchanged += unchangedMatches;
        continue;
      }
      if (!looked && !this.storedUsers.isDirectoryUser(index)) continue;
      if (!ambiguousNames.has(lower(this.storedUsers.userName(index))))
        unchanged += unchangedMatches;
      if (matched > 0) continue;
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

    const checked = sortChanges(rejectSharedEmailAddresses(changes, this.storedUsers));
    const counts = countActions(checked, unchanged);
    return {
      fingerprint: planFingerprint(checked, counts),
      changes: checked,
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

  private addLine(place: number, change: PlannedUserChange): void {
    this.userLines.push(change);
    this.userLinePlaces.push(place);
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
        reason: `renaming "${stored.userName}" to "${directoryUser.userName}" collides with the existing ${describe(holder)}`,
        parties: [directoryUser.dn, describe(holder)],
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
      reason: `the user name "${directoryUser.userName}" already belongs to the ${describe(holder)}`,
      parties: [directoryUser.dn, describe(holder)],
    };
  }
  return createLine(directoryUser, defaultPrivileges);
}

function createLine(
  directoryUser: DirectoryUser,
  defaultPrivileges: readonly Privilege[],
): PlannedCreate {
  return {
    action: 'create',
    userName: directoryUser.userName,
    directoryUser,
    privileges: [...defaultPrivileges],
  };
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

/**
 * An e-mail address belongs to at most one user. After the plan, if an
 * address would belong to two users, the create/update/rename that brings it
 * to the second one becomes a conflict instead (the store stays consistent).
 */
function rejectSharedEmailAddresses(
  changes: PlannedUserChange[],
  storedUsers: StoredUsers,
): PlannedUserChange[] {
  const bringsAddresses = (
    change: PlannedUserChange,
  ): change is PlannedCreate | PlannedUpdate | PlannedRename =>
    change.action === 'create' || change.action === 'update' || change.action === 'rename';
  // Only an address some line brings to a user who does not hold it yet can
  // be taken: the stored users are scanned for those alone, so a plan that
  // brings a few addresses builds no index of every stored one, and a plan
  // whose updates keep every user's addresses (a re-sync where names or
  // titles changed) scans nothing. With no stored user (a first sync) there
  // is nothing to scan, and no set of every address the plan brings is
  // built: only the lines' own index below.
  const brought = new Set<string>();
  let bringsAny = false;
  for (const change of changes) {
    if (!bringsAddresses(change)) continue;
    const addresses = newAddresses(change);
    if (addresses.length === 0) continue;
    bringsAny = true;
    if (storedUsers.size === 0) break;
    for (const address of addresses) brought.add(lower(address));
  }
  if (!bringsAny) return changes;
  const deleted = new Set<string>();
  for (const change of changes) {
    if (change.action === 'delete') deleted.add(change.userId);
  }
  // Who holds each brought address once the plan's deletes are done: a
  // stored user's id, or the create line of the new user that takes it (the
  // line itself: no string made per new user).
  const owners = new Map<string, string | PlannedCreate>();
  const storedById = new Map<string, SyncedUserState>();
  for (let index = 0; index < storedUsers.size; index += 1) {
    for (const address of storedUsers.addresses(index)) {
      const key = lower(address);
      if (!brought.has(key)) continue;
      const user = storedUsers.user(index);
      if (deleted.has(user.id)) break;
      owners.set(key, user.id);
      storedById.set(user.id, user);
    }
  }
  // The addresses each updated or renamed user keeps: any other it owns now, it gives up in this plan.
  const keptByUpdatedUser = new Map<string, Set<string>>();
  for (const change of changes) {
    if (change.action === 'update' || change.action === 'rename') {
      keptByUpdatedUser.set(change.userId, new Set(change.directoryUser.emailAddresses.map(lower)));
    }
  }
  const leavesOwner = (owner: string | PlannedCreate, address: string) => {
    if (typeof owner !== 'string') return false;
    const kept = keptByUpdatedUser.get(owner);
    return kept !== undefined && !kept.has(lower(address));
  };

  return changes.map((change): PlannedUserChange => {
    if (!bringsAddresses(change)) return change;
    const self = change.action === 'create' ? change : change.userId;
    const taken = change.directoryUser.emailAddresses.filter((address) => {
      const owner = owners.get(lower(address));
      return owner !== undefined && owner !== self && !leavesOwner(owner, address);
    });
    if (taken.length === 0) {
      for (const address of change.directoryUser.emailAddresses) owners.set(lower(address), self);
      return change;
    }
    const others = taken.map((address) => {
      const owner = owners.get(lower(address));
      const holder = typeof owner === 'string' ? storedById.get(owner) : undefined;
      return holder ? describe(holder) : `the directory user planned with ${address}`;
    });
    return {
      action: 'conflict',
      userName: change.userName,
      ...(change.action === 'create' ? {} : { userId: change.userId }),
      reason: `e-mail address ${taken.join(', ')} already belongs to ${[...new Set(others)].join(', ')}`,
      parties: [change.directoryUser.dn, ...new Set(others)],
    };
  });
}

/**
 * The addresses a line gives a user that the user does not hold now: all
 * of a new user's; those an update or rename adds (an address the user
 * keeps is theirs already, and no other user can hold it).
 */
function newAddresses(change: PlannedCreate | PlannedUpdate | PlannedRename): readonly string[] {
  const addresses = change.directoryUser.emailAddresses;
  if (change.action === 'create') return addresses;
  const listChange = change.fieldChanges.find((field) => field.field === 'emailAddresses');
  if (!listChange) return [];
  const held = new Set(Array.isArray(listChange.old) ? listChange.old.map(lower) : []);
  return addresses.filter((address) => !held.has(lower(address)));
}

function describe(user: SyncedUserState): string {
  return user.authMethod === 'local'
    ? `local user "${user.userName}"`
    : `directory user "${user.userName}" (${user.dn ?? 'no DN'})`;
}

/**
 * SHA-256 of `JSON.stringify({ changes, counts })`, the changes in their
 * (deterministic) order. Hashed a line at a time: the plan of a first sync
 * of 100,000 users is a 40 MB string when written out whole.
 */
export function planFingerprint(changes: readonly PlannedUserChange[], counts: PlanCounts): string {
  const hash = createHash('sha256').update('{"changes":[');
  changes.forEach((change, index) => {
    if (index > 0) hash.update(',');
    hash.update(JSON.stringify(change));
  });
  return hash.update(`],"counts":${JSON.stringify(counts)}}`).digest('hex');
}

/**
 * By action, then by user name case-insensitively (stable); each line's keys
 * computed once, in arrays beside the lines rather than an object per line
 * (a first sync sorts one line per directory user).
 */
function sortChanges(changes: PlannedUserChange[]): PlannedUserChange[] {
  const ranks = new Uint8Array(changes.length);
  const names = new Array<string>(changes.length);
  const order = new Array<number>(changes.length);
  changes.forEach((change, index) => {
    ranks[index] = PLAN_ACTION_ORDER.indexOf(change.action);
    names[index] = lower(change.userName);
    order[index] = index;
  });
  order.sort((a, b) => ranks[a]! - ranks[b]! || names[a]!.localeCompare(names[b]!));
  return order.map((index) => changes[index]!);
}

function countActions(changes: readonly PlannedUserChange[], unchanged: number): PlanCounts {
  const counts = emptyPlanCounts(unchanged);
  for (const change of changes) counts[change.action] += 1;
  return counts;
}
