import { TextDecoder } from 'node:util';
import { type BerReader, type Entry, SearchEntry } from 'ldapts';
import { berElement } from './ber-header';

const SEQUENCE = 0x30;
const SET = 0x31;
const OCTET_STRING = 0x04;

// ignoreBOM: a value's bytes are kept as they are, a leading BOM included.
const strictUtf8 = new TextDecoder('utf8', { fatal: true, ignoreBOM: true });
const NON_ASCII = /[^\x00-\x7f]/;

/** The values of one attribute: text, or bytes when the attribute is binary or not valid UTF-8. */
type AttributeValues = string[] | Buffer[];

/**
 * A search result entry decoded for bulk reads. It gives the same Entry as
 * ldapts's SearchEntry (one key per attribute the server sent, a bare value
 * when there is one, `[]` for requested attributes it did not send, Buffers
 * for binary attributes and for values that are not UTF-8), but decodes an
 * attribute's values in one pass over its bytes instead of one TextDecoder
 * call and one Buffer object per value: the difference that matters for a
 * group with thousands of member DNs. ASCII values, nearly all of them, are
 * slices of one latin1 string; bytes that are kept are copied, so a small
 * objectGUID does not hold the socket's 64 KB chunk in memory.
 */
export class LeanSearchEntry extends SearchEntry {
  private readonly decoded: { type: string; values: AttributeValues }[] = [];

  /** @param binaryTypes lower-case attribute types to keep as bytes (objectGUID). */
  constructor(
    messageId: number,
    private readonly binaryTypes: ReadonlySet<string>,
  ) {
    super({ messageId });
  }

  override parseMessage(reader: BerReader): void {
    this.name = reader.readString() ?? '';
    const buffer = reader.buffer;
    // The reader's buffer may hold the next messages too; this one ends at `remain`.
    const list = berElement(buffer, reader.offset, SEQUENCE, reader.offset + reader.remain);
    let offset = list.start;
    while (offset < list.end) {
      const attribute = berElement(buffer, offset, SEQUENCE, list.end);
      const type = berElement(buffer, attribute.start, OCTET_STRING, attribute.end);
      const typeName = buffer.toString('utf8', type.start, type.end);
      const set =
        type.end < attribute.end
          ? berElement(buffer, type.end, SET, attribute.end)
          : { start: type.end, end: type.end };
      this.decoded.push({ type: typeName, values: this.values(buffer, typeName, set) });
      offset = attribute.end;
    }
    reader.offset = list.end;
  }

  override toObject(requestAttributes: string[]): Entry {
    const entry: Entry = { dn: this.name };
    const sent = new Set<string>();
    for (const { type, values } of this.decoded) {
      sent.add(type.toLowerCase());
      entry[type] = values.length === 1 ? (values[0] as string | Buffer) : values;
    }
    for (const requested of requestAttributes) {
      if (entry[requested] === undefined && !sent.has(requested.toLowerCase())) {
        entry[requested] = [];
      }
    }
    return entry;
  }

  private values(buffer: Buffer, type: string, set: { start: number; end: number }) {
    const lowerType = type.toLowerCase();
    if (this.binaryTypes.has(lowerType) || lowerType.endsWith(';binary')) {
      return bytesOf(buffer, set);
    }
    return textOf(buffer, set) ?? bytesOf(buffer, set);
  }
}

/**
 * Every value as text, or null when one is not valid UTF-8 (then, as with
 * ldapts, the whole attribute is given as bytes). The set's bytes are read
 * as one latin1 string: byte for character, so an ASCII value is a slice of
 * it at the same offsets.
 */
function textOf(buffer: Buffer, set: { start: number; end: number }): string[] | null {
  const latin1 = buffer.toString('latin1', set.start, set.end);
  // Tags and short lengths are ASCII too: one test usually clears the whole set.
  const allAscii = !NON_ASCII.test(latin1);
  const values: string[] = [];
  let offset = set.start;
  while (offset < set.end) {
    const value = berElement(buffer, offset, OCTET_STRING, set.end);
    const ascii = latin1.slice(value.start - set.start, value.end - set.start);
    if (allAscii || !NON_ASCII.test(ascii)) {
      values.push(ascii);
    } else {
      try {
        values.push(strictUtf8.decode(buffer.subarray(value.start, value.end)));
      } catch {
        return null;
      }
    }
    offset = value.end;
  }
  return values;
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
