export interface SlidingWindowOptions {
  windowMs: number;
  /** Events allowed within the window; the next one is refused until the oldest falls out. */
  max: number;
  /**
   * Keys remembered at most (default 100,000): an attacker inventing user
   * names must not exhaust memory. The least recently touched key goes first.
   */
  maxKeys?: number;
}

/**
 * Counts events (here: failed sign-ins) per key over a sliding window, in
 * memory. Exact, not bucketed: it keeps the time of each event, at most
 * `max` per key, so memory is bounded by maxKeys × max.
 */
export class SlidingWindowCounter {
  private readonly events = new Map<string, number[]>();
  private readonly maxKeys: number;

  constructor(
    private readonly options: SlidingWindowOptions,
    private readonly now: () => number = Date.now,
  ) {
    this.maxKeys = options.maxKeys ?? 100_000;
  }

  /** 0 when another event is allowed now, else milliseconds until it is. */
  retryAfterMs(key: string): number {
    const times = this.live(key);
    if (times.length < this.options.max) return 0;
    const oldest = times[times.length - this.options.max] ?? this.now();
    return Math.max(1, oldest + this.options.windowMs - this.now());
  }

  /** Records one event (now, by default) and returns its time, by which `forget` can take it back. */
  record(key: string, time: number = this.now()): number {
    const times = this.live(key);
    times.push(time);
    // Only the newest `max` matter for the decision.
    if (times.length > this.options.max) times.splice(0, times.length - this.options.max);
    this.events.delete(key);
    this.events.set(key, times);
    this.evictOverflow();
    return time;
  }

  /** Takes back one event recorded at `time` (no-op when it is gone already). */
  forget(key: string, time: number): void {
    const times = this.events.get(key);
    const index = times?.indexOf(time) ?? -1;
    if (!times || index === -1) return;
    times.splice(index, 1);
    if (times.length === 0) this.events.delete(key);
  }

  reset(key: string): void {
    this.events.delete(key);
  }

  get size(): number {
    return this.events.size;
  }

  private live(key: string): number[] {
    const times = this.events.get(key);
    if (!times) return [];
    const horizon = this.now() - this.options.windowMs;
    const firstLive = times.findIndex((time) => time > horizon);
    if (firstLive === -1) {
      this.events.delete(key);
      return [];
    }
    if (firstLive > 0) times.splice(0, firstLive);
    return times;
  }

  private evictOverflow(): void {
    // Map iteration follows insertion order and `record` re-inserts: the first key is the stalest.
    for (const key of this.events.keys()) {
      if (this.events.size <= this.maxKeys) return;
      this.events.delete(key);
    }
  }
}
