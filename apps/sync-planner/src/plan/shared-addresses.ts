import type {
  PlanAction,
  PlannedCreate,
  PlannedRename,
  PlannedUpdate,
  PlannedUserChange,
  SyncedUserState,
} from '@dirsync/contracts';
import { describeUser } from './describe-user';
import type { DirectoryLines, LineRef } from './directory-lines';
import type { StoredUsers } from './stored-users';
import { lowerCaseHashes, repeatedValues, textHash } from './text-hash';

const lower = (value: string) => value.toLowerCase();

/** A stored user's id, or the line of the new user that takes an address. */
type AddressOwner = string | LineRef;

/**
 * An e-mail address belongs to at most one user. After the plan, if an
 * address would belong to two users, the create/update/rename that brings it
 * to the second one becomes a conflict instead (the store stays consistent).
 * Create lines are read through `lines` (a first sync's are packed) and
 * unpacked only when one becomes a conflict.
 */
export function rejectSharedEmailAddresses(
  changes: LineRef[],
  storedUsers: StoredUsers,
  lines: DirectoryLines,
): LineRef[] {
  /** An update or rename line (always an object: only create lines are packed). */
  const changeOf = (ref: LineRef): PlannedUpdate | PlannedRename | undefined => {
    if (typeof ref === 'number' && lines.action(ref) === 'create') return undefined;
    const line = lines.line(ref);
    return line.action === 'update' || line.action === 'rename' ? line : undefined;
  };
  // A create line let go once staged (DirectoryLines.release) brings only
  // addresses no other line and no stored user has: PlanBuilder's
  // `linesToRecall` gave back every other one, so the check passes it by.
  const bringsAddresses = (ref: LineRef) => !lines.isReleased(ref) && isBringing(lines.action(ref));
  // Only an address some line brings to a user who does not hold it yet can
  // be taken: the stored users are scanned for those alone, so a plan that
  // brings a few addresses builds no index of every stored one, and a plan
  // whose updates keep every user's addresses (a re-sync where names or
  // titles changed) scans nothing. With no stored user (a first sync) there
  // is nothing to scan, and no set of every address the plan brings is
  // built: only the lines' own index below.
  const brought = new Set<string>();
  // Only an address two lines give their users can pass from one line's
  // user to the other's: the lines' addresses enter the owners' index below
  // only when their hash comes twice among them (a first sync of 200,000
  // users put every address in it: 113 MB allocated, ≈ 20 MB of it held at
  // the planner's peak). A line counts each of its addresses once.
  const hashes: number[] = [];
  let bringsAny = false;
  for (const ref of changes) {
    if (!bringsAddresses(ref)) continue;
    const change = changeOf(ref);
    const addresses = lines.broughtAddresses(ref);
    for (const hash of lowerCaseHashes(addresses)) hashes.push(hash);
    const added = change ? addedAddresses(change) : addresses;
    if (added.length === 0) continue;
    bringsAny = true;
    if (storedUsers.size > 0) for (const address of added) brought.add(lower(address));
  }
  if (!bringsAny) return changes;
  const broughtTwice = repeatedValues(hashes);
  const deleted = new Set<string>();
  for (const ref of changes) {
    if (typeof ref !== 'number' && ref.action === 'delete') deleted.add(ref.userId);
  }
  // Who holds each brought address once the plan's deletes are done.
  const owners = new Map<string, AddressOwner>();
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
  for (const ref of changes) {
    const change = changeOf(ref);
    if (change) {
      keptByUpdatedUser.set(change.userId, new Set(change.directoryUser.emailAddresses.map(lower)));
    }
  }
  const leavesOwner = (owner: AddressOwner, address: string) => {
    if (typeof owner !== 'string') return false;
    const kept = keptByUpdatedUser.get(owner);
    return kept !== undefined && !kept.has(lower(address));
  };

  return changes.map((ref): LineRef => {
    if (!bringsAddresses(ref)) return ref;
    const change = changeOf(ref);
    const self: AddressOwner = change ? change.userId : ref;
    const addresses = lines.broughtAddresses(ref);
    const taken = addresses.filter((address) => {
      const owner = owners.get(lower(address));
      return owner !== undefined && owner !== self && !leavesOwner(owner, address);
    });
    if (taken.length === 0) {
      for (const address of addresses) {
        const key = lower(address);
        // An address no other line brings can be asked for again by no later line.
        if (broughtTwice.has(textHash(key))) owners.set(key, self);
      }
      return ref;
    }
    const others = taken.map((address) => {
      const owner = owners.get(lower(address));
      const holder = typeof owner === 'string' ? storedById.get(owner) : undefined;
      return holder ? describeUser(holder) : `the directory user planned with ${address}`;
    });
    const line = lines.line(ref);
    if (!isBringingLine(line)) return ref;
    const conflict: PlannedUserChange = {
      action: 'conflict',
      userName: line.userName,
      ...(change ? { userId: change.userId } : {}),
      reason: `e-mail address ${taken.join(', ')} already belongs to ${[...new Set(others)].join(', ')}`,
      parties: [line.directoryUser.dn, ...new Set(others)],
    };
    return conflict;
  });
}

/** The actions that give a user addresses. */
function isBringing(action: PlanAction): boolean {
  return action === 'create' || action === 'update' || action === 'rename';
}

function isBringingLine(
  line: PlannedUserChange,
): line is PlannedCreate | PlannedUpdate | PlannedRename {
  return isBringing(line.action);
}

/**
 * The addresses an update or rename gives its user that the user does not
 * hold now (an address the user keeps is theirs already, and no other user
 * can hold it).
 */
function addedAddresses(change: PlannedUpdate | PlannedRename): readonly string[] {
  const listChange = change.fieldChanges.find((field) => field.field === 'emailAddresses');
  if (!listChange) return [];
  const held = new Set(Array.isArray(listChange.old) ? listChange.old.map(lower) : []);
  return change.directoryUser.emailAddresses.filter((address) => !held.has(lower(address)));
}
