/** Bytes of a line's digest the fingerprint keeps (the first half of its SHA-256). */
export const LINE_DIGEST_BYTES = 16;

/**
 * What the planner keeps of a create line once its page is staged
 * (DirectoryLines.release), by line number: the line's digest (what the
 * fingerprint hashes), the hash of its user name in lower case (to see
 * whether a name the reader found on several entries may be it) and the
 * hashes of its addresses in lower case, each once (to see whether another
 * line or a stored user may have one). 28 bytes and 4 an address, in typed
 * arrays, against ≈ 190 bytes for the packed line: a first sync would
 * otherwise hold one per directory user until the plan is finished.
 * A line a hash points at is read back from user-store (PlanBuilder
 * `linesToRecall`), never decided by the hash.
 */
export class ReleasedLines {
  private digests = new Uint8Array(0);
  private nameHashes = new Uint32Array(0);
  private addressStarts = new Uint32Array(0);
  private addressCounts = new Uint32Array(0);
  private addressHashes = new Uint32Array(0);
  private addressesKept = 0;

  /** @param digest the line's digest as a binary string (a byte a character; see lineDigest) */
  keep(number: number, digest: string, nameHash: number, addressHashes: readonly number[]): void {
    this.makeRoomForLine(number);
    this.makeRoomForAddresses(addressHashes.length);
    writeBinary(digest, this.digests, number * LINE_DIGEST_BYTES);
    this.nameHashes[number] = nameHash;
    this.addressStarts[number] = this.addressesKept;
    this.addressCounts[number] = addressHashes.length;
    this.addressHashes.set(addressHashes, this.addressesKept);
    this.addressesKept += addressHashes.length;
  }

  /** Copies the line's digest into `target` at `offset`. */
  copyDigest(number: number, target: Uint8Array, offset: number): void {
    const start = number * LINE_DIGEST_BYTES;
    target.set(this.digests.subarray(start, start + LINE_DIGEST_BYTES), offset);
  }

  nameHash(number: number): number {
    return this.nameHashes[number] ?? 0;
  }

  /** Every released line's address hashes, one after the other. */
  allAddressHashes(): Uint32Array {
    return this.addressHashes.subarray(0, this.addressesKept);
  }

  /** Whether one of the line's address hashes is among `hashes`. */
  hasAddressHashIn(number: number, hashes: ReadonlySet<number>): boolean {
    const start = this.addressStarts[number] ?? 0;
    const end = start + (this.addressCounts[number] ?? 0);
    for (let index = start; index < end; index += 1) {
      if (hashes.has(this.addressHashes[index]!)) return true;
    }
    return false;
  }

  /** Grows the arrays by line number, a half at a time (pages are released in any order). */
  private makeRoomForLine(number: number): void {
    if (number < this.nameHashes.length) return;
    const lines = Math.max(1024, number + 1, Math.ceil(this.nameHashes.length * 1.5));
    this.digests = grown(this.digests, lines * LINE_DIGEST_BYTES);
    this.nameHashes = grown(this.nameHashes, lines);
    this.addressStarts = grown(this.addressStarts, lines);
    this.addressCounts = grown(this.addressCounts, lines);
  }

  private makeRoomForAddresses(count: number): void {
    const needed = this.addressesKept + count;
    if (needed <= this.addressHashes.length) return;
    this.addressHashes = grown(
      this.addressHashes,
      Math.max(1024, needed, Math.ceil(this.addressHashes.length * 1.5)),
    );
  }
}

/** Writes LINE_DIGEST_BYTES characters of a binary string (a byte each) into `target` at `offset`. */
export function writeBinary(binary: string, target: Uint8Array, offset: number): void {
  for (let index = 0; index < LINE_DIGEST_BYTES; index += 1) {
    target[offset + index] = binary.charCodeAt(index);
  }
}

function grown<T extends Uint8Array | Uint32Array>(array: T, length: number): T {
  const larger = new (array.constructor as new (length: number) => T)(length);
  larger.set(array);
  return larger;
}
