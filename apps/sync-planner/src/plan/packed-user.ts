import type { DirectoryUser, SyncedUserState, UserAuthMethod } from '@dirsync/contracts';

/**
 * A stored user as one string: the id, one character for how it signs in,
 * then the stable id, DN, user name, full name and addresses, each field as
 * its length (two UTF-16 units, so any length below 2^32 − 1; null is
 * NULL_LENGTH) followed by its characters. One string per user instead of
 * an object, six strings and an array: a planner keeps every stored user
 * between runs (24 against 52 MB for 100,000 users shaped like bench:sync's,
 * heap after full collections).
 *
 * Reading one is walking offsets: nothing is allocated to find a user by
 * stable id or to see that a directory user left it unchanged.
 */
export type PackedUser = string & { readonly __packedUser: unique symbol };

const NULL_LENGTH = 0xffff_ffff;
const AUTH_METHODS: Record<UserAuthMethod, string> = { directory: 'd', local: 'l' };

function field(value: string | null): string {
  const length = value === null ? NULL_LENGTH : value.length;
  const head = String.fromCharCode(length >>> 16, length & 0xffff);
  return value === null ? head : head + value;
}

export function packUser(user: SyncedUserState): PackedUser {
  let packed =
    field(user.id) +
    AUTH_METHODS[user.authMethod] +
    field(user.externalId) +
    field(user.dn) +
    field(user.userName) +
    field(user.fullName) +
    String.fromCharCode(user.emailAddresses.length >>> 16, user.emailAddresses.length & 0xffff);
  for (const address of user.emailAddresses) packed += field(address);
  return packed as PackedUser;
}

/** The length stored at `at` (NULL_LENGTH for null). */
function lengthAt(packed: string, at: number): number {
  return packed.charCodeAt(at) * 0x1_0000 + packed.charCodeAt(at + 1);
}

/** Where the field at `at` ends (the next field's length). */
function next(packed: string, at: number): number {
  const length = lengthAt(packed, at);
  return at + 2 + (length === NULL_LENGTH ? 0 : length);
}

function fieldAt(packed: string, at: number): string | null {
  const length = lengthAt(packed, at);
  return length === NULL_LENGTH ? null : packed.slice(at + 2, at + 2 + length);
}

/** Where the sign-in character is; the stable id's field follows it. */
function authMethodAt(packed: string): number {
  return next(packed, 0);
}

/** Whether the field at `at` holds exactly `value`; returns where the next field is, or -1. */
function matchAt(packed: string, at: number, value: string | null | undefined): number {
  const length = lengthAt(packed, at);
  if (value === null || value === undefined) return length === NULL_LENGTH ? at + 2 : -1;
  return length === value.length && packed.startsWith(value, at + 2) ? at + 2 + length : -1;
}

export function unpackUser(packed: PackedUser): SyncedUserState {
  const id = fieldAt(packed, 0) ?? '';
  const authAt = authMethodAt(packed);
  const authMethod: UserAuthMethod =
    packed.charAt(authAt) === AUTH_METHODS.local ? 'local' : 'directory';
  let at = authAt + 1;
  const externalId = fieldAt(packed, at);
  at = next(packed, at);
  const dn = fieldAt(packed, at);
  at = next(packed, at);
  const userName = fieldAt(packed, at) ?? '';
  at = next(packed, at);
  const fullName = fieldAt(packed, at);
  return {
    id,
    userName,
    fullName,
    emailAddresses: packedAddresses(packed),
    authMethod,
    externalId,
    dn,
  };
}

export function isPackedDirectoryUser(packed: PackedUser): boolean {
  return packed.charAt(authMethodAt(packed)) === AUTH_METHODS.directory;
}

/** The stable id of a directory user (null for a local one). */
export function packedExternalId(packed: PackedUser): string | null {
  const authAt = authMethodAt(packed);
  return packed.charAt(authAt) === AUTH_METHODS.directory ? fieldAt(packed, authAt + 1) : null;
}

/** Where the user name's field is. */
function userNameAt(packed: string): number {
  return next(packed, next(packed, authMethodAt(packed) + 1));
}

export function packedUserName(packed: PackedUser): string {
  return fieldAt(packed, userNameAt(packed)) ?? '';
}

export function packedAddresses(packed: PackedUser): string[] {
  let at = next(packed, next(packed, userNameAt(packed)));
  const addresses: string[] = [];
  let left = lengthAt(packed, at);
  for (at += 2; left > 0; left -= 1, at = next(packed, at))
    addresses.push(fieldAt(packed, at) ?? '');
  return addresses;
}

export function packedId(packed: PackedUser): string {
  return fieldAt(packed, 0) ?? '';
}

/** Whether this is the id (`id`) or a directory user's stable id (`externalId`), without copying either. */
export function packedKeyIs(packed: PackedUser, key: 'id' | 'externalId', value: string): boolean {
  if (key === 'id') return matchAt(packed, 0, value) >= 0;
  const authAt = authMethodAt(packed);
  return (
    packed.charAt(authAt) === AUTH_METHODS.directory && matchAt(packed, authAt + 1, value) >= 0
  );
}

/**
 * Whether the stored user holds exactly the directory user's DN, user name,
 * full name and addresses (in order and case). False does not mean
 * changed: addresses compare case-insensitively, diffFields decides then.
 */
export function holdsExactly(packed: PackedUser, user: DirectoryUser): boolean {
  let at = next(packed, authMethodAt(packed) + 1);
  at = matchAt(packed, at, user.dn);
  if (at < 0) return false;
  at = matchAt(packed, at, user.userName);
  if (at < 0) return false;
  at = matchAt(packed, at, user.fullName ?? null);
  if (at < 0) return false;
  const addresses = user.emailAddresses;
  if (lengthAt(packed, at) !== addresses.length) return false;
  at += 2;
  for (const address of addresses) {
    at = matchAt(packed, at, address);
    if (at < 0) return false;
  }
  return at === packed.length;
}
