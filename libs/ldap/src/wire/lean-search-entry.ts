import { isAscii } from 'node:buffer';
import { TextDecoder } from 'node:util';
import { type BerReader, type Entry, SearchEntry } from 'ldapts';
import { PackedValues } from '../entry/packed-values';
import { berContentStart, berElement, berElementEnd } from './ber-header';

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
      // Offsets only, no object per element: this runs for every attribute of every entry.
      const attributeEnd = berElementEnd(buffer, offset, SEQUENCE, list.end);
      const typeOffset = berContentStart(buffer, offset);
      const typeEnd = berElementEnd(buffer, typeOffset, OCTET_STRING, attributeEnd);
      const typeName = typeNameAt(buffer, berContentStart(buffer, typeOffset), typeEnd);
      let setStart = typeEnd;
      let setEnd = typeEnd;
      if (typeEnd < attributeEnd) {
        setEnd = berElementEnd(buffer, typeEnd, SET, attributeEnd);
        setStart = berContentStart(buffer, typeEnd);
      }
      const lowerType = lowerCase(typeName);
      this.sentTypes.push(lowerType);
      if (this.packedTypes.size > 0 && this.packedTypes.has(withoutOptions(lowerType))) {
        // PackedValues is not one of ldapts's value types; LdapEntry (libs/ldap) allows it.
        this.entry[typeName] = packedOf(buffer, setStart, setEnd) as unknown as Buffer;
      } else {
        this.entry[typeName] = this.value(buffer, lowerType, setStart, setEnd);
      }
      offset = attributeEnd;
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

  /** The attribute's value as the entry holds it: a bare value when there is one, else an array. */
  private value(buffer: Buffer, lowerType: string, start: number, end: number): Entry[string] {
    if (!this.binaryTypes.has(lowerType) && !lowerType.endsWith(';binary')) {
      const text = textOf(buffer, start, end);
      if (text !== null) return text;
    }
    const bytes = bytesOf(buffer, start, end);
    return bytes.length === 1 ? (bytes[0] as Buffer) : bytes;
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
function textOf(buffer: Buffer, setStart: number, setEnd: number): string | string[] | null {
  if (setStart < setEnd) {
    // One value (most attributes of a user): its text alone, without an array around it.
    const end = berElementEnd(buffer, setStart, OCTET_STRING, setEnd);
    if (end === setEnd) return textAt(buffer, berContentStart(buffer, setStart), end);
  }
  const allAscii = setEnd - setStart >= WHOLE_SET_CHECK_BYTES && asciiAt(buffer, setStart, setEnd);
  const values: string[] = [];
  let offset = setStart;
  while (offset < setEnd) {
    const end = berElementEnd(buffer, offset, OCTET_STRING, setEnd);
    const start = berContentStart(buffer, offset);
    const text = allAscii ? latin1(buffer, start, end) : textAt(buffer, start, end);
    if (text === null) return null;
    values.push(text);
    offset = end;
  }
  return values;
}

/**
 * The set's values as PackedValues: a view of the received bytes, checked
 * value by value as they are read. It keeps the message's bytes alive as
 * long as it lives; a group's members are mapped to ids and dropped with
 * their page.
 */
function packedOf(buffer: Buffer, start: number, end: number): PackedValues {
  return end > start ? new PackedValues(buffer.subarray(start, end)) : PackedValues.EMPTY;
}

function bytesOf(buffer: Buffer, setStart: number, setEnd: number): Buffer[] {
  const values: Buffer[] = [];
  let offset = setStart;
  while (offset < setEnd) {
    const end = berElementEnd(buffer, offset, OCTET_STRING, setEnd);
    values.push(Buffer.from(buffer.subarray(berContentStart(buffer, offset), end)));
    offset = end;
  }
  return values;
}

/** Attribute types met lately, as text and bytes: every entry of a search sends the same few. */
const recentTypes: { name: string; bytes: Buffer }[] = [];
const MAX_RECENT_TYPES = 64;

/** The type at [start, end) as text, without a new string when it is one of the recent types. */
function typeNameAt(buffer: Buffer, start: number, end: number): string {
  const length = end - start;
  for (const recent of recentTypes) {
    if (recent.bytes.length !== length) continue;
    let i = 0;
    while (i < length && recent.bytes[i] === buffer[start + i]) i += 1;
    if (i === length) return recent.name;
  }
  const name = textAt(buffer, start, end) ?? buffer.toString('latin1', start, end);
  if (recentTypes.length >= MAX_RECENT_TYPES) recentTypes.shift();
  recentTypes.push({ name, bytes: Buffer.from(buffer.subarray(start, end)) });
  return name;
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
