import { hash } from 'node:crypto';
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
import { LINE_DIGEST_BYTES, ReleasedLines, writeBinary } from './released-lines';
import { lowerCaseHashes, textHash } from './text-hash';

/**
 * A line of a plan in the making: a number is the line of that number
 * among the builder's DirectoryLines; an object, a line made when the plan
 * was finished (a conflict, a delete, a keep, a new user held for the end).
 */
export type LineRef = number | PlannedUserChange;

/**
 * A plan's lines as they are made, by number from 0 (what PlanStager
 * stages while the directory is still read). `release` says lines are
 * staged: the builder may let them go (see DirectoryLines).
 */
export interface PlanLines {
  readonly count: number;
  line(number: number): PlannedUserChange;
  release(first: number, count: number): void;
}

/**
 * The lines a PlanBuilder makes from directory users as the directory is
 * read, numbered in the order made, each with its place in the read.
 *
 * A create line is kept packed (its directory user as a PackedUser without
 * an id: one string instead of ≈ 440 bytes of objects), since a first sync
 * makes one per directory user; `line` makes its object when a page is
 * staged. Once its page is staged (`release`), a create line is let go and
 * only its digest and hashes stay (ReleasedLines): the staged plan holds it
 * now, and the plan needs it again only if a hash says it may meet another
 * line (`restore` puts it back, checked against its digest). It is the
 * line `createLine` makes, in the same key order, so a plan's JSON does not
 * depend on how a line was kept.
 */
export class DirectoryLines implements PlanLines {
  /** A line, or null once released. */
  private readonly lines: (PlannedUserChange | PackedUser | null)[] = [];
  private readonly places: number[] = [];
  /** What is kept of each released line (its digest and hashes). */
  readonly released = new ReleasedLines();
  private releasing = true;

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

  /**
   * These lines are staged: each create line among them is let go, its
   * digest and hashes kept. Other lines stay (a re-sync's few updates and
   * conflicts; the plan's check reads them). Nothing is released once
   * `stopReleasing` was called: what the finish reads back is decided then.
   */
  release(first: number, count: number): void {
    if (!this.releasing) return;
    const end = Math.min(first + count, this.lines.length);
    for (let number = first; number < end; number += 1) {
      const line = this.lines[number];
      if (typeof line !== 'string') continue;
      this.released.keep(
        number,
        lineDigest(line),
        textHash(packedUserName(line).toLowerCase()),
        lowerCaseHashes(packedAddresses(line)),
      );
      this.lines[number] = null;
    }
  }

  stopReleasing(): void {
    this.releasing = false;
  }

  isReleased(ref: LineRef): ref is number {
    return typeof ref === 'number' && this.lines[ref] === null;
  }

  /**
   * A released line, read back from the staged plan: kept again as it was
   * made, once its digest shows it is the line released.
   */
  restore(number: number, change: PlannedUserChange): void {
    if (this.lines[number] !== null) throw new RangeError(`plan line ${number} was not released`);
    if (!isSameDigest(this.digest(change), this.digest(number))) {
      throw new Error(
        `staged plan line ${number} is not the line the planner made (user "${change.userName}")`,
      );
    }
    this.lines[number] =
      change.action === 'create' ? packDirectoryUser(change.directoryUser) : change;
  }

  placeOf(number: number): number {
    return this.places[number] ?? 0;
  }

  line(ref: LineRef): PlannedUserChange {
    const line = this.resolve(ref);
    return typeof line === 'string' ? unpackCreate(line, this.newUserPrivileges) : line;
  }

  action(ref: LineRef): PlanAction {
    if (this.isReleased(ref)) return 'create';
    const line = this.resolve(ref);
    return typeof line === 'string' ? 'create' : line.action;
  }

  userName(ref: LineRef): string {
    const line = this.resolve(ref);
    return typeof line === 'string' ? packedUserName(line) : line.userName;
  }

  /**
   * Whether the line's user name is one of `names` (lower case), whose
   * hashes are `hashes`. A released line is not, unless its hash is among
   * them: then it should have been restored, and asking is a mistake.
   */
  isNamedAmong(ref: LineRef, names: ReadonlySet<string>, hashes: ReadonlySet<number>): boolean {
    if (this.isReleased(ref) && !hashes.has(this.released.nameHash(ref))) return false;
    return names.has(this.userName(ref).toLowerCase());
  }

  /**
   * Writes the line's digest (LINE_DIGEST_BYTES) into `target` at
   * `offset`: what the plan's fingerprint hashes of it (planFingerprint).
   * The start of the SHA-256 of a create line's packed directory user (its
   * privileges, the new users' ones, are hashed once by the fingerprint),
   * or of any other line's JSON; a packed user never starts with `{`, so
   * two different lines have different texts.
   */
  writeDigest(ref: LineRef, target: Uint8Array, offset: number): void {
    if (this.isReleased(ref)) {
      this.released.copyDigest(ref, target, offset);
      return;
    }
    const line = this.resolve(ref);
    writeBinary(typeof line === 'string' ? lineDigest(line) : this.digestOf(line), target, offset);
  }

  /** The line's digest (writeDigest), on its own. */
  digest(ref: LineRef): Uint8Array {
    const digest = new Uint8Array(LINE_DIGEST_BYTES);
    this.writeDigest(ref, digest, 0);
    return digest;
  }

  /** The addresses a line gives its user (a create, an update or a rename), without unpacking. */
  broughtAddresses(ref: LineRef): readonly string[] {
    const line = this.resolve(ref);
    if (typeof line === 'string') return packedAddresses(line);
    const brings = line.action === 'create' || line.action === 'update' || line.action === 'rename';
    return brings ? line.directoryUser.emailAddresses : [];
  }

  private digestOf(line: PlannedUserChange): string {
    const packable =
      line.action === 'create' && JSON.stringify(line.privileges) === this.privilegesJson;
    return lineDigest(packable ? packDirectoryUser(line.directoryUser) : JSON.stringify(line));
  }

  /** A line as kept: a number's entry (an object, or a create packed), or the object itself. */
  private resolve(ref: LineRef): PlannedUserChange | PackedUser {
    if (typeof ref !== 'number') return ref;
    const line = this.lines[ref];
    if (line === undefined) throw new RangeError(`no plan line ${ref}`);
    if (line === null) throw new RangeError(`plan line ${ref} was released once staged`);
    return line;
  }
}

/**
 * The text's SHA-256 as a binary string, a byte a character (its first
 * LINE_DIGEST_BYTES are the digest): a first sync makes one per new user,
 * and as a Buffer each was an allocation of its own (2.5× the time).
 */
function lineDigest(text: string): string {
  return hash('sha256', text, 'binary');
}

function isSameDigest(made: Uint8Array, kept: Uint8Array): boolean {
  for (let index = 0; index < kept.length; index += 1) {
    if (made[index] !== kept[index]) return false;
  }
  return true;
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
