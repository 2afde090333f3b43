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
  if (offset >= buffer.length) return null;
  const tag = buffer[offset] as number;
  if (tag !== expectedTag) {
    throw new InvalidAsn1Error(
      `expected tag 0x${expectedTag.toString(16)} at byte ${offset}, got 0x${tag.toString(16)}`,
    );
  }
  if (offset + 1 >= buffer.length) return null;
  let length = buffer[offset + 1] as number;
  let start = offset + 2;
  if (length & 0x80) {
    const octets = length & 0x7f;
    if (octets === 0 || octets > 4) {
      throw new InvalidAsn1Error(
        `unsupported length encoding 0x${length.toString(16)} at byte ${offset + 1}`,
      );
    }
    if (start + octets > buffer.length) return null;
    length = 0;
    for (let i = 0; i < octets; i += 1) length = length * 256 + (buffer[start + i] as number);
    start += octets;
  }
  return { start, end: start + length };
}

/** Like berHeader, for an element that must lie whole within [offset, limit). */
export function berElement(
  buffer: Buffer,
  offset: number,
  expectedTag: number,
  limit: number,
): BerElement {
  const element = offset < limit ? berHeader(buffer, offset, expectedTag) : null;
  if (element === null || element.start > limit) {
    throw new InvalidAsn1Error(`element cut short at byte ${offset}`);
  }
  if (element.end > limit) {
    throw new InvalidAsn1Error(
      `element at byte ${offset} runs past its container (${element.end} > ${limit})`,
    );
  }
  return element;
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
  if (offset + 1 >= limit) throw new InvalidAsn1Error(`element cut short at byte ${offset}`);
  const tag = buffer[offset] as number;
  if (tag !== expectedTag) {
    throw new InvalidAsn1Error(
      `expected tag 0x${expectedTag.toString(16)} at byte ${offset}, got 0x${tag.toString(16)}`,
    );
  }
  let length = buffer[offset + 1] as number;
  let start = offset + 2;
  if (length & 0x80) {
    const octets = length & 0x7f;
    if (octets === 0 || octets > 4) {
      throw new InvalidAsn1Error(
        `unsupported length encoding 0x${length.toString(16)} at byte ${offset + 1}`,
      );
    }
    if (start + octets > limit) throw new InvalidAsn1Error(`element cut short at byte ${offset}`);
    length = 0;
    for (let i = 0; i < octets; i += 1) length = length * 256 + (buffer[start + i] as number);
    start += octets;
  }
  const end = start + length;
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
