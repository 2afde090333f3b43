/**
 * Interns byte strings (text as UTF-8): each distinct one gets the next id,
 * 0, 1, 2, … Everything lives in typed arrays (the bytes side by side in one
 * arena, an open-addressing index over them), so 200,000 DNs take a few MB
 * that the garbage collector never scans or copies, where a Map of strings
 * held ≈ 150 bytes per DN on the collected heap. Lookups take bytes as they
 * came off the wire (a PackedValues' value, through a DataView of its
 * bytes) or a string; an id gives its text back. Ids are never removed.
 * Bytes are hashed and compared four at a time (DataView reads, which the
 * optimizing compiler turns into plain loads): a byte-by-byte loop cost
 * three times as much for a DN of 40 bytes.
 */
export class ByteStringTable {
  private arena: Buffer;
  private arenaView: DataView;
  private arenaUsed = 0;
  /** starts[id] … starts[id + 1]: where string `id` lies in the arena. */
  private starts: Int32Array;
  private hashes: Int32Array;
  /** id + 1 per slot; 0 is free. Kept at most half full. */
  private slots: Int32Array;
  private count = 0;
  private scratch = Buffer.allocUnsafe(256);
  private scratchView = viewOf(this.scratch);

  constructor(expectedStrings = 1024) {
    const capacity = Math.max(16, expectedStrings);
    this.arena = Buffer.allocUnsafe(capacity * 32);
    this.arenaView = viewOf(this.arena);
    this.starts = new Int32Array(capacity + 1);
    this.hashes = new Int32Array(capacity);
    this.slots = new Int32Array(slotCountFor(capacity));
  }

  get size(): number {
    return this.count;
  }

  /** The id of bytes [start, end) of `bytes` (a view of them all), or -1. */
  findBytes(bytes: DataView, start: number, end: number): number {
    const slot = this.slotOf(bytes, start, end, hashOf(bytes, start, end));
    return (this.slots[slot] as number) - 1;
  }

  /** The id of bytes [start, end), given one if they are new. */
  addBytes(bytes: DataView, start: number, end: number): number {
    const hash = hashOf(bytes, start, end);
    const slot = this.slotOf(bytes, start, end, hash);
    const found = (this.slots[slot] as number) - 1;
    return found >= 0 ? found : this.insert(bytes, start, end, hash, slot);
  }

  /** The id of a string (compared as UTF-8), or -1. */
  find(text: string): number {
    const length = this.encode(text);
    return this.findBytes(this.scratchView, 0, length);
  }

  /** The id of a string, given one if it is new. */
  add(text: string): number {
    const length = this.encode(text);
    return this.addBytes(this.scratchView, 0, length);
  }

  /** The string of an id (bytes that are not UTF-8 become U+FFFD). */
  text(id: number): string {
    if (id < 0 || id >= this.count)
      throw new RangeError(`no string ${id} in a table of ${this.count}`);
    return this.arena.toString('utf8', this.starts[id], this.starts[id + 1]);
  }

  /** Bytes held: what this table costs beyond a few small objects. */
  get byteSize(): number {
    return (
      this.arena.length + this.starts.byteLength + this.hashes.byteLength + this.slots.byteLength
    );
  }

  private encode(text: string): number {
    // UTF-8 needs at most 3 bytes per UTF-16 code unit.
    if (this.scratch.length < text.length * 3) {
      this.scratch = Buffer.allocUnsafe(text.length * 3);
      this.scratchView = viewOf(this.scratch);
    }
    return this.scratch.write(text, 0, 'utf8');
  }

  /** The slot holding these bytes, or the free slot where they would go. */
  private slotOf(bytes: DataView, start: number, end: number, hash: number): number {
    const mask = this.slots.length - 1;
    const length = end - start;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const entry = this.slots[slot] as number;
      if (entry === 0) return slot;
      const id = entry - 1;
      if (this.hashes[id] !== hash) continue;
      const at = this.starts[id] as number;
      if (
        (this.starts[id + 1] as number) - at === length &&
        this.equalAt(at, bytes, start, length)
      ) {
        return slot;
      }
    }
  }

  private equalAt(at: number, bytes: DataView, start: number, length: number): boolean {
    const arena = this.arenaView;
    let i = 0;
    for (; i + 4 <= length; i += 4) {
      if (arena.getInt32(at + i) !== bytes.getInt32(start + i)) return false;
    }
    for (; i < length; i += 1)
      if (arena.getUint8(at + i) !== bytes.getUint8(start + i)) return false;
    return true;
  }

  private insert(bytes: DataView, start: number, end: number, hash: number, slot: number) {
    const id = this.count;
    const length = end - start;
    if (id + 1 >= this.hashes.length) this.growIds();
    if (this.arenaUsed + length > this.arena.length) this.growArena(length);
    // Copied through the views (no typed array made per string: this runs once per user).
    const arena = this.arenaView;
    const at = this.arenaUsed;
    let i = 0;
    for (; i + 4 <= length; i += 4) arena.setInt32(at + i, bytes.getInt32(start + i));
    for (; i < length; i += 1) arena.setUint8(at + i, bytes.getUint8(start + i));
    this.arenaUsed += length;
    this.starts[id + 1] = this.arenaUsed;
    this.hashes[id] = hash;
    this.count += 1;
    if (this.count * 2 > this.slots.length) this.rehash();
    else this.slots[slot] = id + 1;
    return id;
  }

  private growIds() {
    const starts = new Int32Array(this.starts.length * 2);
    starts.set(this.starts);
    this.starts = starts;
    const hashes = new Int32Array(this.hashes.length * 2);
    hashes.set(this.hashes);
    this.hashes = hashes;
  }

  private growArena(atLeast: number) {
    const arena = Buffer.allocUnsafe(Math.max(this.arena.length * 2, this.arenaUsed + atLeast));
    this.arena.copy(arena, 0, 0, this.arenaUsed);
    this.arena = arena;
    this.arenaView = viewOf(arena);
  }

  /** Doubles the index and puts every id (the new one included) back in. */
  private rehash() {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let id = 0; id < this.count; id += 1) {
      let slot = (this.hashes[id] as number) & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = id + 1;
    }
    this.slots = slots;
  }
}

/** A power of two at least twice `strings`. */
function slotCountFor(strings: number): number {
  let slots = 32;
  while (slots < strings * 2) slots *= 2;
  return slots;
}

export function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** A multiplicative hash of the bytes, four at a time, then MurmurHash3's finalizer (every bit counts in the slot). */
function hashOf(bytes: DataView, start: number, end: number): number {
  let hash = end - start;
  let i = start;
  for (; i + 4 <= end; i += 4) {
    hash = Math.imul(hash ^ bytes.getInt32(i), 0x9e3779b1);
    hash = (hash << 15) | (hash >>> 17);
  }
  for (; i < end; i += 1) hash = Math.imul(hash ^ bytes.getUint8(i), 0x01000193);
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  return hash ^ (hash >>> 16);
}
