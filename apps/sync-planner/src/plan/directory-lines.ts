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
 * A plan's lines as they are made, by number from 0 (what PlanStager
 * stages while the directory is still read).
 */
export interface PlanLines {
  readonly count: number;
  line(number: number): PlannedUserChange;
}

/**
 * The lines a PlanBuilder makes from directory users as the directory is
 * read, numbered in the order made, each with its place in the read.
 *
 * A create line is kept packed (its directory user as a PackedUser without
 * an id: one string instead of ≈ 440 bytes of objects), since a first sync
 * makes one per directory user and the plan needs them all only when it is
 * finished; `line` makes its object when a page is staged (or the line
 * becomes a conflict) and lets it go, and the fingerprint reads the packed
 * string itself (`canonicalTextParts`). It is the line `createLine` makes, in
 * the same key order, so a plan's JSON does not depend on how a line was
 * kept.
 */
export class DirectoryLines implements PlanLines {
  private readonly lines: (PlannedUserChange | PackedUser)[] = [];
  private readonly places: number[] = [];

  private readonly privilegesJson: string;

  constructor(private readonly newUserPrivileges: readonly Privilege[]) {
    this.privilegesJson = JSON.stringify(newUserPrivileges);
  }

  get count(): number {
    return this.lines.length;
  }

  add(place: number, change: PlannedUserChange): void {
    this.lines.push(change);
    this.places.push(place);
  }

  /** A new user's line (`createLine`), kept packed. */
  addCreate(place: number, directoryUser: DirectoryUser): void {
    this.lines.push(packDirectoryUser(directoryUser));
    this.places.push(place);
  }

  placeOf(number: number): number {
    return this.places[number] ?? 0;
  }

  line(ref: LineRef): PlannedUserChange {
    const line = this.resolve(ref);
    return typeof line === 'string' ? unpackCreate(line, this.newUserPrivileges) : line;
  }

  action(ref: LineRef): PlanAction {
    const line = this.resolve(ref);
    return typeof line === 'string' ? 'create' : line.action;
  }

  userName(ref: LineRef): string {
    const line = this.resolve(ref);
    return typeof line === 'string' ? packedUserName(line) : line.userName;
  }

  /**
   * What the plan's fingerprint hashes of a line, in parts hashed one after
   * the other: a create line as its privileges and its packed directory
   * user (no object made, and no string of the whole: a first sync hashes
   * one per directory user), any other line as its JSON. Different lines
   * give different texts: a JSON text starts with `{`.
   */
  canonicalTextParts(ref: LineRef): readonly string[] {
    const line = this.resolve(ref);
    if (typeof line === 'string') return ['create', this.privilegesJson, line];
    if (line.action !== 'create') return [JSON.stringify(line)];
    return ['create', JSON.stringify(line.privileges), packDirectoryUser(line.directoryUser)];
  }

  /** The addresses of a create line's new user, without unpacking the rest. */
  createAddresses(ref: LineRef): readonly string[] {
    const line = this.resolve(ref);
    if (typeof line === 'string') return packedAddresses(line);
    return line.action === 'create' ? line.directoryUser.emailAddresses : [];
  }

  /** A line as kept: a number's entry (an object, or a create packed), or the object itself. */
  private resolve(ref: LineRef): PlannedUserChange | PackedUser {
    if (typeof ref !== 'number') return ref;
    const line = this.lines[ref];
    if (line === undefined) throw new RangeError(`no plan line ${ref}`);
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
  // A stable id that is a UUID kept as its 16 bytes: 20 characters fewer a line
  // (a first sync keeps one per directory user). The fingerprint hashes this form.
  return packUser({ ...user, id: '', authMethod: 'directory', fullName: user.fullName ?? null });
}

/** A packed create line as `createLine` made it. */
function unpackCreate(packed: PackedUser, privileges: readonly Privilege[]): PlannedCreate {
  const { externalId, dn, userName, fullName, emailAddresses } = unpackDirectoryFields(packed);
  return createLine(
    { externalId: externalId ?? '', dn: dn ?? '', userName, fullName, emailAddresses },
    privileges,
  );
}
