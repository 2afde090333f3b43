import { InvalidAsn1Error } from 'ldapts';

/** Where the content of one BER element lies in its buffer: [start, end). */
export interface BerElement {
  start: number;
  end: number;
}

/**
 * The tag and definite length of the element at `offset`, or null when the
 * buffer ends inside its header (more bytes are on their way). The content
 * may end beyond the buffer. LDAP (RFC 4511 5.1) allows only definite
 * lengths; the error names what was expected and where.
 */
export function berHeader(buffer: Buffer, offset: number, expectedTag: number): BerElement | null {
  const start = contentOffset(buffer, offset, expectedTag, buffer.length);
  return start < 0 ? null : { start, end: start + contentLength(buffer, offset) };
}

/** Like berHeader, for an element that must lie whole within [offset, limit). */
export function berElement(
  buffer: Buffer,
  offset: number,
  expectedTag: number,
  limit: number,
): BerElement {
  const end = berElementEnd(buffer, offset, expectedTag, limit);
  return { start: berContentStart(buffer, offset), end };
}

/**
 * berElement without the object: the end of the content of the element at
 * `offset`, which must lie whole within [offset, limit). Its content starts
 * at berContentStart. For loops over every value of an entry, where an
 * object per value was most of what the decoder allocated.
 */
export function berElementEnd(
  buffer: Buffer,
  offset: number,
  expectedTag: number,
  limit: number,
): number {
  const start = contentOffset(buffer, offset, expectedTag, limit);
  if (start < 0) throw new InvalidAsn1Error(`element cut short at byte ${offset}`);
  const end = start + contentLength(buffer, offset);
  if (end > limit) {
    throw new InvalidAsn1Error(
      `element at byte ${offset} runs past its container (${end} > ${limit})`,
    );
  }
  return end;
}

/** Where the content of the element at `offset` starts (after berElementEnd has checked it). */
export function berContentStart(buffer: Buffer, offset: number): number {
  const length = buffer[offset + 1] as number;
  return length & 0x80 ? offset + 2 + (length & 0x7f) : offset + 2;
}

/**
 * Where the content of the element at `offset` starts, its tag and length
 * encoding checked, or -1 when its header does not lie whole below
 * `available`.
 */
function contentOffset(
  buffer: Buffer,
  offset: number,
  expectedTag: number,
  available: number,
): number {
  if (offset >= available) return -1;
  const tag = buffer[offset] as number;
  if (tag !== expectedTag) {
    throw new InvalidAsn1Error(
      `expected tag 0x${expectedTag.toString(16)} at byte ${offset}, got 0x${tag.toString(16)}`,
    );
  }
  if (offset + 1 >= available) return -1;
  const length = buffer[offset + 1] as number;
  if (!(length & 0x80)) return offset + 2;
  const octets = length & 0x7f;
  if (octets === 0 || octets > 4) {
    throw new InvalidAsn1Error(
      `unsupported length encoding 0x${length.toString(16)} at byte ${offset + 1}`,
    );
  }
  return offset + 2 + octets > available ? -1 : offset + 2 + octets;
}

/** The content length of the element at `offset`, whose header contentOffset checked. */
function contentLength(buffer: Buffer, offset: number): number {
  const first = buffer[offset + 1] as number;
  if (!(first & 0x80)) return first;
  let length = 0;
  for (let i = 0; i < (first & 0x7f); i += 1)
    length = length * 256 + (buffer[offset + 2 + i] as number);
  return length;
}
