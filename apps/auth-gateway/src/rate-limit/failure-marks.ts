/**
 * The failure keys (digests, failure-key.ts) this instance knows to have a
 * failure within the window, each until the time that failure surely left
 * it. At most `capacity`: beyond it the set is `overflowed` and must not be
 * trusted (a key may have been left out), until it is refilled from scratch.
 * No I/O, no clock: the caller passes the time.
 */
export class FailureMarks {
  private readonly until = new Map<string, number>();
  private full = false;

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.until.size;
  }

  /** True once a mark was refused for want of room: whoever asks must query instead. */
  get overflowed(): boolean {
    return this.full;
  }

  mark(digest: string, until: number): void {
    const current = this.until.get(digest);
    if (current !== undefined) {
      if (until > current) this.until.set(digest, until);
      return;
    }
    if (this.until.size >= this.capacity) {
      this.full = true;
      return;
    }
    this.until.set(digest, until);
  }

  has(digest: string, now: number): boolean {
    const until = this.until.get(digest);
    if (until === undefined) return false;
    if (until > now) return true;
    this.until.delete(digest);
    return false;
  }

  /** Forgets the marks whose failure has left the window. */
  sweep(now: number): void {
    for (const [digest, until] of this.until) if (until <= now) this.until.delete(digest);
  }

  /** Forgets everything (and the overflow): nothing is known any more. */
  clear(): void {
    this.until.clear();
    this.full = false;
  }
}
