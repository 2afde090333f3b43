import { isAscii } from 'node:buffer';
import { TextDecoder } from 'node:util';
import { type BerReader, type Entry, SearchEntry } from 'ldapts';
import { PackedValues } from '../entry/packed-values';
import { berElement } from './ber-header';

const SEQUENCE = 0x30;
const SET = 0x31;
const OCTET_STRING = 0x04;

// ignoreBOM: a value's bytes are kept as they are, a leading BOM included.
const strictUtf8 = new TextDecoder('utf8', { fatal: true, ignoreBOM: true });

/**
 * A search result entry decoded for bulk reads. It gives the same Entry as
 * ldapts's SearchEntry (one key per attribute the server sent, a bare value
 * when there is one, `[]` for requested attributes it did not send, Buffers
 * for binary attributes and for values that are not UTF-8), with less work
 * per value: ldapts makes a Buffer and a strict TextDecoder call for each,
 * which is most of the time spent reading a group with thousands of member
 * DNs. Here every value without a byte above 0x7f (nearly all) is read as
 * latin1, a plain copy that needs no UTF-8 check, and only the others go
 * through the decoder. A large attribute (a group's members) is checked in
 * one vectorized pass (`isAscii`) over all its values; small values are
 * checked byte by byte as they are read.
 * Each value is a string of its own, not a slice of a larger one, so a DN
 * kept in a map does not keep its whole group's text alive, and bytes that
 * are kept are copied, so a small objectGUID does not keep the socket's
 * 64 KB chunk.
 */
export class LeanSearchEntry extends SearchEntry {
  private readonly entry: Entry = { dn: '' };
  /** The types the server sent, lower-case. */
  private readonly sentTypes: string[] = [];

  /**
   * @param binaryTypes lower-case attribute types to keep as bytes (objectGUID).
   * @param packedTypes lower-case attribute types (with any options, such as
   *   Active Directory's `;range=0-1499`) whose values are kept as one
   *   PackedValues instead of one string each (a group's members).
   */
  constructor(
    messageId: number,
    private readonly binaryTypes: ReadonlySet<string>,
    private readonly packedTypes: ReadonlySet<string> = NO_TYPES,
  ) {
    super({ messageId });
  }

  override parseMessage(reader: BerReader): void {
    this.name = reader.readString() ?? '';
    this.entry.dn = this.name;
    const buffer = reader.buffer;
    // The reader's buffer may hold the next messages too; this one ends at `remain`.
    const list = berElement(buffer, reader.offset, SEQUENCE, reader.offset + reader.remain);
    let offset = list.start;
    while (offset < list.end) {
      const attribute = berElement(buffer, offset, SEQUENCE, list.end);
      const type = berElement(buffer, attribute.start, OCTET_STRING, attribute.end);
      const typeName =
        textAt(buffer, type.start, type.end) ?? buffer.toString('latin1', type.start, type.end);
      const set =
        type.end < attribute.end
          ? berElement(buffer, type.end, SET, attribute.end)
          : { start: type.end, end: type.end };
      const lowerType = lowerCase(typeName);
      this.sentTypes.push(lowerType);
      if (this.packedTypes.size > 0 && this.packedTypes.has(withoutOptions(lowerType))) {
        // PackedValues is not one of ldapts's value types; LdapEntry (libs/ldap) allows it.
        this.entry[typeName] = packedOf(buffer, set) as unknown as Buffer;
      } else {
        const values = this.values(buffer, lowerType, set);
        this.entry[typeName] = values.length === 1 ? (values[0] as string | Buffer) : values;
      }
      offset = attribute.end;
    }
    reader.offset = list.end;
  }

  override toObject(requestAttributes: string[]): Entry {
    const { entry } = this;
    for (const requested of requestAttributes) {
      // Servers spell types as their schema does (`displayName` for `displayname`).
      // The same few lower-case strings (see lowerCase) are compared, mostly by identity.
      if (!this.sentTypes.includes(lowerCase(requested)) && entry[requested] === undefined) {
        entry[requested] = [];
      }
    }
    return entry;
  }

  private values(buffer: Buffer, lowerType: string, set: { start: number; end: number }) {
    if (this.binaryTypes.has(lowerType) || lowerType.endsWith(';binary')) {
      return bytesOf(buffer, set);
    }
    return textOf(buffer, set) ?? bytesOf(buffer, set);
  }
}

/**
 * From this many bytes on, an attribute's values are first checked all
 * together: when the whole set (values, their tags and short lengths) is
 * ASCII, no value needs a check of its own. Below it, the call and the view
 * it needs cost more than the byte-by-byte check they would save.
 */
const WHOLE_SET_CHECK_BYTES = 1024;

interface Latin1Sliceable {
  latin1Slice(start: number, end: number): string;
}

/**
 * `buffer.toString('latin1', start, end)` without the argument checks and
 * the encoding lookup, which cost more than the copy for a 40-byte value:
 * Buffer#latin1Slice is what toString calls (public, if undocumented, in
 * every Node version); toString stands in should it ever go away.
 */
const latin1: (buffer: Buffer, start: number, end: number) => string =
  typeof (Buffer.prototype as Partial<Latin1Sliceable>).latin1Slice === 'function'
    ? (buffer, start, end) => (buffer as unknown as Latin1Sliceable).latin1Slice(start, end)
    : (buffer, start, end) => buffer.toString('latin1', start, end);

/** True when no byte in [start, end) is above 0x7f. */
function asciiAt(buffer: Buffer, start: number, end: number): boolean {
  if (end - start >= WHOLE_SET_CHECK_BYTES) return isAscii(buffer.subarray(start, end));
  for (let i = start; i < end; i += 1) if ((buffer[i] as number) > 0x7f) return false;
  return true;
}

/** The UTF-8 text of bytes [start, end), or null when they are not valid UTF-8. */
function textAt(buffer: Buffer, start: number, end: number): string | null {
  // ASCII, where latin1 and UTF-8 agree.
  if (asciiAt(buffer, start, end)) return latin1(buffer, start, end);
  try {
    return strictUtf8.decode(buffer.subarray(start, end));
  } catch {
    return null;
  }
}

/** Every value as text, or null when one is not valid UTF-8 (then, as with ldapts, the whole attribute is bytes). */
function textOf(buffer: Buffer, set: { start: number; end: number }): string[] | null {
  const allAscii =
    set.end - set.start >= WHOLE_SET_CHECK_BYTES && asciiAt(buffer, set.start, set.end);
  const values: string[] = [];
  let offset = set.start;
  while (offset < set.end) {
    const value = berElement(buffer, offset, OCTET_STRING, set.end);
    const text = allAscii
      ? latin1(buffer, value.start, value.end)
      : textAt(buffer, value.start, value.end);
    if (text === null) return null;
    values.push(text);
    offset = value.end;
  }
  return values;
}

/**
 * The set's values as PackedValues: a view of the received bytes, checked
 * value by value as they are read. It keeps the message's bytes alive as
 * long as it lives; a group's members are mapped to ids and dropped with
 * their page.
 */
function packedOf(buffer: Buffer, set: { start: number; end: number }): PackedValues {
  return set.end > set.start
    ? new PackedValues(buffer.subarray(set.start, set.end))
    : PackedValues.EMPTY;
}

function bytesOf(buffer: Buffer, set: { start: number; end: number }): Buffer[] {
  const values: Buffer[] = [];
  let offset = set.start;
  while (offset < set.end) {
    const value = berElement(buffer, offset, OCTET_STRING, set.end);
    values.push(Buffer.from(buffer.subarray(value.start, value.end)));
    offset = value.end;
  }
  return values;
}

const NO_TYPES: ReadonlySet<string> = new Set();

/** `member;range=0-1499` → `member`. */
function withoutOptions(lowerType: string): string {
  const semicolon = lowerType.indexOf(';');
  return semicolon < 0 ? lowerType : lowerType.slice(0, semicolon);
}

const lowerCases = new Map<string, string>();

/** Attribute names (requested and sent) are the same few for every entry: lower-case them once. */
function lowerCase(name: string): string {
  let lower = lowerCases.get(name);
  if (lower === undefined) {
    lower = name.toLowerCase();
    if (lowerCases.size < 1_000) lowerCases.set(name, lower);
  }
  return lower;
}
