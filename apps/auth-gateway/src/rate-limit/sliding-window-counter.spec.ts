import { SlidingWindowCounter } from './sliding-window-counter';

describe(SlidingWindowCounter.name, () => {
  let now: number;
  const clock = () => now;

  beforeEach(() => {
    now = 1_000_000;
  });

  it('allows up to max events per window, then says how long to wait', () => {
    const sut = new SlidingWindowCounter({ windowMs: 60_000, max: 3 }, clock);
    for (let i = 0; i < 3; i += 1) {
      expect(sut.retryAfterMs('jdoe')).toBe(0);
      sut.record('jdoe');
      now += 1_000;
    }
    // The first event was at 1,000,000; it leaves the window at 1,060,000.
    expect(sut.retryAfterMs('jdoe')).toBe(1_060_000 - now);
  });

  it('slides: the oldest event leaving the window frees one slot', () => {
    const sut = new SlidingWindowCounter({ windowMs: 10_000, max: 2 }, clock);
    sut.record('k');
    now += 5_000;
    sut.record('k');
    now += 5_001;
    expect(sut.retryAfterMs('k')).toBe(0);
    sut.record('k');
    expect(sut.retryAfterMs('k')).toBe(5_000 - 1);
  });

  it('keeps keys apart', () => {
    const sut = new SlidingWindowCounter({ windowMs: 10_000, max: 1 }, clock);
    sut.record('attacked');
    expect(sut.retryAfterMs('attacked')).toBeGreaterThan(0);
    expect(sut.retryAfterMs('someone-else')).toBe(0);
  });

  it('forgets a key on reset and when its events expire', () => {
    const sut = new SlidingWindowCounter({ windowMs: 10_000, max: 1 }, clock);
    sut.record('a');
    sut.reset('a');
    expect(sut.retryAfterMs('a')).toBe(0);
    sut.record('b');
    now += 10_001;
    expect(sut.retryAfterMs('b')).toBe(0);
    expect(sut.size).toBe(0);
  });

  it('bounds its memory by evicting the stalest keys', () => {
    const sut = new SlidingWindowCounter({ windowMs: 60_000, max: 1, maxKeys: 3 }, clock);
    for (const key of ['a', 'b', 'c']) sut.record(key);
    sut.record('a'); // touched again: now the freshest
    sut.record('d');
    expect(sut.size).toBe(3);
    expect(sut.retryAfterMs('b')).toBe(0);
    expect(sut.retryAfterMs('a')).toBeGreaterThan(0);
  });

  it('keeps at most max timestamps per key', () => {
    const sut = new SlidingWindowCounter({ windowMs: 60_000, max: 2 }, clock);
    for (let i = 0; i < 1_000; i += 1) sut.record('flood');
    expect(sut.retryAfterMs('flood')).toBe(60_000);
  });
});

describe(`${SlidingWindowCounter.name}.forget`, () => {
  it('takes back exactly one event', () => {
    let now = 0;
    const sut = new SlidingWindowCounter({ windowMs: 10_000, max: 2 }, () => now);
    const first = sut.record('k');
    now += 1;
    sut.record('k');
    expect(sut.retryAfterMs('k')).toBeGreaterThan(0);
    sut.forget('k', first);
    expect(sut.retryAfterMs('k')).toBe(0);
    sut.forget('k', first); // already gone: the later event stays
    sut.record('k');
    expect(sut.retryAfterMs('k')).toBeGreaterThan(0);
  });
});
