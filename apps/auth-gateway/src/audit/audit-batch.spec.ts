import { AppError } from '@dirsync/service-kit';
import { AuditBatch, type AuditBatchEvent } from './audit-batch';

/** A publish the test settles by hand: `published` lists every attempt, in order. */
class FakeBroker {
  readonly published: AuditBatchEvent<string>[] = [];
  private readonly outcomes: { resolve: () => void; reject: (error: unknown) => void }[] = [];

  publish = (event: AuditBatchEvent<string>): Promise<unknown> => {
    this.published.push(structuredClone(event));
    return new Promise<void>((resolve, reject) => this.outcomes.push({ resolve, reject }));
  };

  /** Settles the oldest unsettled attempt. */
  async confirm(): Promise<void> {
    this.outcomes.shift()?.resolve();
    await flushPromises();
  }

  async refuse(error: unknown = new Error('broker down')): Promise<void> {
    this.outcomes.shift()?.reject(error);
    await flushPromises();
  }
}

const flushPromises = () =>
  new Promise<void>((resolve) => jest.requireActual('timers').setImmediate(resolve));

describe(AuditBatch.name, () => {
  let broker: FakeBroker;
  let lost: string[];
  let sut: AuditBatch<string>;

  beforeEach(() => {
    jest.useFakeTimers();
    broker = new FakeBroker();
    lost = [];
    sut = new AuditBatch(broker.publish, (items) => lost.push(...items), {
      maxDelayMs: 20,
      maxItems: 3,
      retryMs: 1_000,
      maxHeldItems: 4,
    });
  });

  afterEach(() => {
    jest.useRealTimers();
  });

  it('publishes the items of one span as one event, once the span ended', () => {
    sut.add('a');
    jest.advanceTimersByTime(10);
    sut.add('b');
    jest.advanceTimersByTime(9);
    expect(broker.published).toEqual([]);

    jest.advanceTimersByTime(1);

    expect(broker.published.map((event) => event.signIns)).toEqual([['a', 'b']]);
    expect(broker.published[0]).toEqual({
      eventId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      occurredAt: expect.any(String),
      signIns: ['a', 'b'],
    });
  });

  it('publishes a full batch at once, and the next span starts anew', () => {
    sut.add('a');
    sut.add('b');
    sut.add('c');
    expect(broker.published.map((event) => event.signIns)).toEqual([['a', 'b', 'c']]);

    sut.add('d');
    jest.advanceTimersByTime(19);
    expect(broker.published).toHaveLength(1);
    jest.advanceTimersByTime(1);
    expect(broker.published.map((event) => event.signIns)).toEqual([['a', 'b', 'c'], ['d']]);
  });

  it('publishes each item at once with no delay allowed', () => {
    const immediate = new AuditBatch(broker.publish, () => undefined, {
      maxDelayMs: 0,
      maxItems: 3,
    });
    immediate.add('a');
    immediate.add('b');
    expect(broker.published.map((event) => event.signIns)).toEqual([['a'], ['b']]);
  });

  it('publishes a refused batch again, with the same eventId, until the broker confirms it', async () => {
    sut.add('a');
    jest.advanceTimersByTime(20);
    await broker.refuse();
    jest.advanceTimersByTime(1_000);
    await broker.refuse();
    jest.advanceTimersByTime(1_000);
    await broker.confirm();
    jest.advanceTimersByTime(10_000);

    expect(broker.published).toHaveLength(3);
    expect(new Set(broker.published.map((event) => event.eventId)).size).toBe(1);
    expect(lost).toEqual([]);
  });

  it('gives a batch up (reported lost) once more items wait than it may hold', async () => {
    sut.add('a');
    sut.add('b');
    sut.add('c');
    await broker.refuse(); // 3 held, within the bound: retried later
    sut.add('d');
    sut.add('e');
    sut.add('f');
    await broker.refuse(); // 6 held: given up

    expect(lost).toEqual(['d', 'e', 'f']);
    jest.advanceTimersByTime(1_000);
    expect(broker.published.map((event) => event.signIns)).toEqual([
      ['a', 'b', 'c'],
      ['d', 'e', 'f'],
      ['a', 'b', 'c'],
    ]);
  });

  it('never retries an event the publisher found invalid', async () => {
    sut.add('a');
    jest.advanceTimersByTime(20);
    await broker.refuse(new AppError('invalid-event', 'refusing to publish an invalid event'));
    jest.advanceTimersByTime(10_000);

    expect(broker.published).toHaveLength(1);
    expect(lost).toEqual(['a']);
  });

  it('drains: publishes what is pending at once, retries what waits, and ends when all ended', async () => {
    sut.add('a');
    jest.advanceTimersByTime(20);
    await broker.refuse(); // 'a' waits for its retry
    sut.add('b');
    let drained = false;
    const draining = sut.drain().then(() => (drained = true));

    expect(broker.published.map((event) => event.signIns)).toEqual([['a'], ['b'], ['a']]);
    await broker.confirm(); // 'b'
    expect(drained).toBe(false);
    await broker.refuse(); // 'a' again: no more retries while shutting down
    await draining;

    expect(lost).toEqual(['a']);
    // Added while shutting down: published at once, no span.
    sut.add('c');
    expect(broker.published.at(-1)?.signIns).toEqual(['c']);
  });
});
