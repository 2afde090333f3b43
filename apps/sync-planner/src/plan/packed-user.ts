import type { DirectoryUser, SyncedUserState, UserAuthMethod } from '@dirsync/contracts';

/**
 * A stored user as one string: the id (a canonical UUID as its 16 bytes),
 * one character for how it signs in,
 * then the stable id, DN, user name, full name and addresses, each field as
 * its length (LENGTH_CHARS; null is NULL_LENGTH) followed by its
 * characters. One string per user instead of an object, six strings and an
 * array: a planner keeps every stored user between runs (22 against 52 MB
 * for 100,000 users shaped like bench:sync's, heap after full collections).
 *
 * Reading one is walking offsets: nothing is allocated to find a user by
 * stable id or to see that a directory user left it unchanged.
 */
export type PackedUser = string & { readonly __packedUser: unique symbol };

/**
 * A length is three characters of 8 bits each (below 2^24 − 1; a message
 * is far smaller): characters up to 0xFF keep a packed user of Latin-1
 * fields a one-byte string, half the size of a two-byte one.
 */
const LENGTH_CHARS = 3;
const NULL_LENGTH = 0xff_ffff;
/**
 * In place of a length: the field (an id or a stable id) is a UUID in its
 * canonical form (lower-case hex, as PostgreSQL and the directory reader
 * write them), kept as its 16 bytes, one character each: 16 characters
 * instead of 36, together a fifth of a stored user.
 */
const UUID_BYTES = 0xff_fffe;
const AUTH_METHODS: Record<UserAuthMethod, string> = { directory: 'd', local: 'l' };

function makeLengthChars(length: number): string {
  return String.fromCharCode(length >>> 16, (length >>> 8) & 0xff, length & 0xff);
}

/** The lengths of nearly every field, made once (a user has seven or more). */
const SHORT_LENGTHS = Array.from({ length: 1024 }, (_, length) => makeLengthChars(length));

function lengthChars(length: number): string {
  return length < SHORT_LENGTHS.length ? SHORT_LENGTHS[length]! : makeLengthChars(length);
}

function pushField(parts: string[], value: string | null): void {
  const length = value === null ? NULL_LENGTH : value.length;
  parts.push(lengthChars(length));
  if (value !== null) parts.push(value);
}

const DASH = 0x2d;
const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

/** A field that may be a UUID, kept as its bytes when it is one in canonical form. */
function pushIdentifier(parts: string[], value: string | null): void {
  const bytes = value === null ? null : canonicalUuidBytes(value);
  if (bytes === null) {
    pushField(parts, value);
    return;
  }
  parts.push(lengthChars(UUID_BYTES), bytes);
}

/** Whether a canonical UUID has a dash before this byte. */
function dashBefore(byte: number): boolean {
  return byte === 4 || byte === 6 || byte === 8 || byte === 10;
}

/** The canonical text of the UUID whose 16 bytes start at `start`. */
function uuidAt(packed: string, start: number): string {
  let text = '';
  for (let byte = 0; byte < 16; byte += 1) {
    if (dashBefore(byte)) text += '-';
    text += HEX[packed.charCodeAt(start + byte)];
  }
  return text;
}

/** A lower-case hex digit's value, or -1. */
function hexDigit(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (code >= 0x61 && code <= 0x66) return code - 0x61 + 10;
  return -1;
}

/**
 * The 16 bytes (one character each) of `value` if it is a UUID in canonical
 * form, else null: checked and read in one pass (a look at the store packs
 * two per user).
 */
function canonicalUuidBytes(value: string): string | null {
  if (value.length !== 36) return null;
  let bytes = '';
  let at = 0;
  for (let byte = 0; byte < 16; byte += 1) {
    if (dashBefore(byte)) {
      if (value.charCodeAt(at) !== DASH) return null;
      at += 1;
    }
    const high = hexDigit(value.charCodeAt(at));
    const low = hexDigit(value.charCodeAt(at + 1));
    if (high < 0 || low < 0) return null;
    bytes += String.fromCharCode((high << 4) | low);
    at += 2;
  }
  return bytes;
}

/** Whether `value` is the canonical text of the UUID whose bytes start at `start` (nothing allocated: a re-sync asks once per directory user). */
function uuidMatches(packed: string, start: number, value: string): boolean {
  if (value.length !== 36) return false;
  let at = 0;
  for (let byte = 0; byte < 16; byte += 1) {
    if (dashBefore(byte)) {
      if (value.charCodeAt(at) !== DASH) return false;
      at += 1;
    }
    const high = hexDigit(value.charCodeAt(at));
    const low = hexDigit(value.charCodeAt(at + 1));
    if (high < 0 || low < 0 || ((high << 4) | low) !== packed.charCodeAt(start + byte))
      return false;
    at += 2;
  }
  return true;
}

/**
 * Joined, not concatenated: `+` makes a tree of string pieces that holds on
 * to every field it was made from until it is first read, and a whole
 * store's worth of those (a look after a first sync) is more than the
 * objects they replace. `join` makes one flat string.
 */
export function packUser(user: SyncedUserState): PackedUser {
  const parts: string[] = [];
  pushIdentifier(parts, user.id);
  parts.push(AUTH_METHODS[user.authMethod]);
  pushIdentifier(parts, user.externalId);
  pushField(parts, user.dn);
  pushField(parts, user.userName);
  pushField(parts, user.fullName);
  parts.push(lengthChars(user.emailAddresses.length));
  for (const address of user.emailAddresses) pushField(parts, address);
  return parts.join('') as PackedUser;
}

/** The length stored at `at` (NULL_LENGTH for null). */
function lengthAt(packed: string, at: number): number {
  return (
    (packed.charCodeAt(at) << 16) | (packed.charCodeAt(at + 1) << 8) | packed.charCodeAt(at + 2)
  );
}

/** Where the field at `at` ends (the next field's length). */
function next(packed: string, at: number): number {
  const length = lengthAt(packed, at);
  if (length === NULL_LENGTH) return at + LENGTH_CHARS;
  return at + LENGTH_CHARS + (length === UUID_BYTES ? 16 : length);
}

function fieldAt(packed: string, at: number): string | null {
  const length = lengthAt(packed, at);
  const start = at + LENGTH_CHARS;
  if (length === NULL_LENGTH) return null;
  return length === UUID_BYTES ? uuidAt(packed, start) : packed.slice(start, start + length);
}

/** Where the sign-in character is; the stable id's field follows it. */
function authMethodAt(packed: string): number {
  return next(packed, 0);
}

/** Whether the field at `at` holds exactly `value`; returns where the next field is, or -1. */
function matchAt(packed: string, at: number, value: string | null | undefined): number {
  const length = lengthAt(packed, at);
  const start = at + LENGTH_CHARS;
  if (value === null || value === undefined) return length === NULL_LENGTH ? start : -1;
  if (length === UUID_BYTES) return uuidMatches(packed, start, value) ? start + 16 : -1;
  return length === value.length && packed.startsWith(value, start) ? start + length : -1;
}

/** The fields a directory gives (all but the id and how the user signs in), in DirectoryUser's order. */
export function unpackDirectoryFields(packed: PackedUser): {
  externalId: string | null;
  dn: string | null;
  userName: string;
  fullName: string | null;
  emailAddresses: string[];
} {
  let at = authMethodAt(packed) + 1;
  const externalId = fieldAt(packed, at);
  at = next(packed, at);
  const dn = fieldAt(packed, at);
  at = next(packed, at);
  const userName = fieldAt(packed, at) ?? '';
  at = next(packed, at);
  const fullName = fieldAt(packed, at);
  return { externalId, dn, userName, fullName, emailAddresses: packedAddresses(packed) };
}

export function unpackUser(packed: PackedUser): SyncedUserState {
  const authMethod: UserAuthMethod =
    packed.charAt(authMethodAt(packed)) === AUTH_METHODS.local ? 'local' : 'directory';
  const { externalId, dn, userName, fullName, emailAddresses } = unpackDirectoryFields(packed);
  return {
    id: packedId(packed),
    userName,
    fullName,
    emailAddresses,
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
  for (at += LENGTH_CHARS; left > 0; left -= 1, at = next(packed, at))
    addresses.push(fieldAt(packed, at) ?? '');
  return addresses;
}

export function packedId(packed: PackedUser): string {
  return fieldAt(packed, 0) ?? '';
}

/** Whether this is a directory user with this stable id, without copying it. */
export function hasExternalId(packed: PackedUser, externalId: string): boolean {
  const authAt = authMethodAt(packed);
  return (
    packed.charAt(authAt) === AUTH_METHODS.directory && matchAt(packed, authAt + 1, externalId) >= 0
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
  at += LENGTH_CHARS;
  for (const address of addresses) {
    at = matchAt(packed, at, address);
    if (at < 0) return false;
  }
  return at === packed.length;
}
