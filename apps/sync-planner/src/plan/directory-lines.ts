import type {
  DirectoryUser,
  PlanAction,
  PlannedCreate,
  PlannedUserChange,
  Privilege,
} from '@dirsync/contracts';
import {
  type PackedUser,
  packedAddresses,
  packedUserName,
  packUser,
  unpackDirectoryFields,
} from './packed-user';

/**
 * A line of a plan in the making: a number is the line of that number
 * among the builder's DirectoryLines; an object, a line made when the plan
 * was finished (a conflict, a delete, a keep, a new user held for the end).
 */
export type LineRef = number | PlannedUserChange;

/**
 * The lines a PlanBuilder makes from directory users as the directory is
 * read, numbered in the order made, each with its place in the read.
 *
 * A create line handed out for staging is kept packed from then on (its
 * directory user as a PackedUser without an id: one string instead of
 * ≈ 440 bytes of objects), since a first sync makes one per directory user
 * and the plan needs them all only when it is finished. `line` gives it
 * back as it was made: create lines are made in one key order with a null
 * full name (`createLine`), so the packed and the unpacked line are the
 * same JSON, and the plan's fingerprint does not depend on which one it
 * hashed.
 */
export class DirectoryLines {
  private readonly lines: (PlannedUserChange | PackedUser)[] = [];
  private readonly places: number[] = [];
  private handedOut = 0;

  constructor(private readonly newUserPrivileges: readonly Privilege[]) {}

  get count(): number {
    return this.lines.length;
  }

  add(place: number, change: PlannedUserChange): void {
    this.lines.push(change);
    this.places.push(place);
  }

  placeOf(number: number): number {
    return this.places[number] ?? 0;
  }

  /**
   * The lines added since the last call, in order: their numbers follow on
   * from the last one handed out. Their create lines are packed from now on.
   */
  handOut(): PlannedUserChange[] {
    const lines: PlannedUserChange[] = [];
    for (let number = this.handedOut; number < this.lines.length; number += 1) {
      const line = this.lines[number];
      if (line === undefined || typeof line === 'string') continue;
      lines.push(line);
      if (line.action === 'create') this.lines[number] = packDirectoryUser(line.directoryUser);
    }
    this.handedOut = this.lines.length;
    return lines;
  }

  line(ref: LineRef): PlannedUserChange {
    if (typeof ref !== 'number') return ref;
    const line = this.entry(ref);
    return typeof line === 'string' ? unpackCreate(line, this.newUserPrivileges) : line;
  }

  action(ref: LineRef): PlanAction {
    if (typeof ref !== 'number') return ref.action;
    const line = this.entry(ref);
    return typeof line === 'string' ? 'create' : line.action;
  }

  userName(ref: LineRef): string {
    if (typeof ref !== 'number') return ref.userName;
    const line = this.entry(ref);
    return typeof line === 'string' ? packedUserName(line) : line.userName;
  }

  /** The addresses of a create line's new user, without unpacking the rest. */
  createAddresses(ref: LineRef): readonly string[] {
    if (typeof ref === 'number') {
      const line = this.entry(ref);
      if (typeof line === 'string') return packedAddresses(line);
      return line.action === 'create' ? line.directoryUser.emailAddresses : [];
    }
    return ref.action === 'create' ? ref.directoryUser.emailAddresses : [];
  }

  private entry(number: number): PlannedUserChange | PackedUser {
    const line = this.lines[number];
    if (line === undefined) throw new RangeError(`no plan line ${number}`);
    return line;
  }
}

/** A new user's line; its directory user copied in one key order, so every create line is the same JSON however it was kept. */
export function createLine(
  directoryUser: DirectoryUser,
  defaultPrivileges: readonly Privilege[],
): PlannedCreate {
  return {
    action: 'create',
    userName: directoryUser.userName,
    directoryUser: {
      externalId: directoryUser.externalId,
      dn: directoryUser.dn,
      userName: directoryUser.userName,
      fullName: directoryUser.fullName ?? null,
      emailAddresses: directoryUser.emailAddresses,
    },
    privileges: [...defaultPrivileges],
  };
}

function packDirectoryUser(user: DirectoryUser): PackedUser {
  return packUser({ ...user, id: '', authMethod: 'directory', fullName: user.fullName ?? null });
}

/** A packed create line as `createLine` made it. */
function unpackCreate(packed: PackedUser, privileges: readonly Privilege[]): PlannedCreate {
  const { externalId, dn, userName, fullName, emailAddresses } = unpackDirectoryFields(packed);
  return {
    action: 'create',
    userName,
    directoryUser: {
      externalId: externalId ?? '',
      dn: dn ?? '',
      userName,
      fullName,
      emailAddresses,
    },
    privileges: [...privileges],
  };
}
