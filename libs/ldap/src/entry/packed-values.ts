import { berContentStart, berElementEnd } from '../wire/ber-header';

const OCTET_STRING = 0x04;

/**
 * The values of one multi-valued attribute kept as the bytes they came in
 * (each a BER OCTET STRING holding UTF-8), instead of one string each: what
 * a search asks for with `packedAttributes` (a group's member DNs). A
 * million member values read as strings are a million objects for the
 * garbage collector to copy and promote; packed, an attribute is a view of
 * the received message, and a reader that maps each value to an id
 * (GroupCatalog) turns into text only the values it has not seen before.
 * The encoding is checked as the values are walked: a malformed value
 * throws (InvalidAsn1Error), so a read never goes on with part of them.
 */
export class PackedValues {
  static readonly EMPTY = new PackedValues(Buffer.alloc(0));
  private dataView: DataView | undefined;
  private count = -1;

  /** @param bytes the values, each a BER OCTET STRING (tag, length, UTF-8 bytes), in the server's order */
  constructor(readonly bytes: Buffer) {}

  /** The values as given (text as UTF-8), e.g. from an entry decoded by ldapts itself, or a test. */
  static of(values: readonly (string | Buffer)[]): PackedValues {
    if (values.length === 0) return PackedValues.EMPTY;
    const parts: Buffer[] = [];
    for (const value of values) {
      const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
      parts.push(berLength(bytes.length), bytes);
    }
    return new PackedValues(Buffer.concat(parts));
  }

  /** A DataView of `bytes` (made once), for readers that compare values four bytes at a time. */
  get view(): DataView {
    this.dataView ??= new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength);
    return this.dataView;
  }

  /** A cursor over the values: `while (cursor.next())` each value is `bytes[cursor.start, cursor.end)`. */
  cursor(): PackedValuesCursor {
    return new PackedValuesCursor(this.bytes);
  }

  get length(): number {
    if (this.count < 0) {
      let count = 0;
      for (const cursor = this.cursor(); cursor.next();) count += 1;
      this.count = count;
    }
    return this.count;
  }

  /** Every value as text; bytes that are not UTF-8 become U+FFFD, as attributeValues does with bytes. */
  texts(): string[] {
    const texts: string[] = [];
    for (const cursor = this.cursor(); cursor.next();) texts.push(cursor.text());
    return texts;
  }
}

/** Walks PackedValues value by value, without allocating per value. */
export class PackedValuesCursor {
  /** Where the current value's bytes start and end in `bytes`. */
  start = 0;
  end = 0;
  private offset = 0;

  constructor(readonly bytes: Buffer) {}

  /** Moves to the next value; false when there is none. Throws on a malformed value. */
  next(): boolean {
    if (this.offset >= this.bytes.length) return false;
    this.end = berElementEnd(this.bytes, this.offset, OCTET_STRING, this.bytes.length);
    this.start = berContentStart(this.bytes, this.offset);
    this.offset = this.end;
    return true;
  }

  /** The current value as text (UTF-8; bytes that are not UTF-8 become U+FFFD). */
  text(): string {
    return this.bytes.toString('utf8', this.start, this.end);
  }
}

/** An OCTET STRING's tag and BER length (short form below 128, else long form). */
function berLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([OCTET_STRING, length]);
  const octets: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) octets.unshift(rest % 256);
  return Buffer.from([OCTET_STRING, 0x80 | octets.length, ...octets]);
}
