import { berHeader } from './ber-header';

const SEQUENCE = 0x30;

/** Complete LDAPMessages: `buffer` and the [start, end) of each, as consecutive pairs in `bounds`. */
export interface FramedMessages {
  buffer: Buffer;
  bounds: number[];
}

/**
 * Cuts the bytes of a connection into LDAPMessages (RFC 4511 4.1.1: each a
 * BER SEQUENCE of definite length). Chunks of a message that spans many are
 * kept aside and joined once, when the last one has come; ldapts joins
 * the bytes so far with every new chunk, which for a group of a million
 * members copies hundreds of megabytes.
 */
export class MessageFraming {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Bytes the first pending message needs in all; 0 while its header is incomplete. */
  private neededBytes = 0;

  push(chunk: Buffer): FramedMessages {
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    if (this.pendingBytes < this.neededBytes) return { buffer: chunk, bounds: [] };

    const buffer =
      this.pending.length === 1
        ? (this.pending[0] as Buffer)
        : Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    this.neededBytes = 0;
    const bounds: number[] = [];
    let offset = 0;
    while (offset < buffer.length) {
      const message = berHeader(buffer, offset, SEQUENCE);
      if (message === null || message.end > buffer.length) {
        const rest = buffer.subarray(offset);
        this.pending.push(rest);
        this.pendingBytes = rest.length;
        this.neededBytes = message === null ? 0 : message.end - offset;
        break;
      }
      bounds.push(offset, message.end);
      offset = message.end;
    }
    return { buffer, bounds };
  }
}
