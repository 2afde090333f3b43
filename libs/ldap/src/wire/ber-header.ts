import { InvalidAsn1Error } from 'ldapts';

/** Where the content of one BER element lies in its buffer: [start, end). */
export interface BerElement {
  start: number;
  end: number;
}

/**
 * Reads the tag and definite length of the element at `offset` and checks
 * that its content ends by `limit`. LDAP (RFC 4511 5.1) allows only definite
 * lengths; the error names what was expected and where.
 */
export function berElement(
  buffer: Buffer,
  offset: number,
  expectedTag: number,
  limit: number,
): BerElement {
  if (offset + 2 > limit) throw new InvalidAsn1Error(`element cut short at byte ${offset}`);
  const tag = buffer[offset] as number;
  if (tag !== expectedTag) {
    throw new InvalidAsn1Error(
      `expected tag 0x${expectedTag.toString(16)} at byte ${offset}, got 0x${tag.toString(16)}`,
    );
  }
  let position = offset + 1;
  let length = buffer[position] as number;
  position += 1;
  if (length & 0x80) {
    const octets = length & 0x7f;
    if (octets === 0 || octets > 4) {
      throw new InvalidAsn1Error(
        `unsupported length encoding 0x${length.toString(16)} at byte ${offset + 1}`,
      );
    }
    if (position + octets > limit)
      throw new InvalidAsn1Error(`length cut short at byte ${offset + 1}`);
    length = 0;
    for (let i = 0; i < octets; i += 1) length = length * 256 + (buffer[position + i] as number);
    position += octets;
  }
  const end = position + length;
  if (end > limit) {
    throw new InvalidAsn1Error(
      `element at byte ${offset} runs past its container (${end} > ${limit})`,
    );
  }
  return { start: position, end };
}
