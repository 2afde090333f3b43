import type { RunProgress } from '@dirsync/contracts';
import { LeaseKeeper } from './lease-keeper';
import type { RunLedgerClient } from './run-ledger.client';

/** A ledger whose heartbeats end when the test says so. */
class HeldLedger {
  readonly beats: (RunProgress | undefined)[] = [];
  private readonly ends: (() => void)[] = [];

  heartbeat(_run: unknown, progress?: RunProgress): Promise<void> {
    this.beats.push(progress);
    return new Promise((resolve) => this.ends.push(resolve));
  }

  /** Ends the oldest heartbeat still under way. */
  endOne(): void {
    this.ends.shift()?.();
  }
}

const reading = (usersRead: number): RunProgress => ({ phase: 'reading', usersRead });
const applying: RunProgress = { phase: 'applying', usersRead: 5, changesPlanned: 5 };
const settled = () => new Promise((resolve) => setImmediate(resolve));

describe(LeaseKeeper.name, () => {
  let ledger: HeldLedger;
  let sut: LeaseKeeper;

  beforeEach(() => {
    ledger = new HeldLedger();
    // A long lease: no timed beat during a test.
    sut = new LeaseKeeper(
      ledger as unknown as RunLedgerClient,
      { runId: 'r', leaseToken: 1 },
      600_000,
    );
  });
  afterEach(() => sut.stop());

  it('flush resolves once a beat carrying the latest progress has ended', async () => {
    sut.report(reading(3)); // a new phase: a beat goes at once
    sut.report(reading(5)); // carried by the next beat
    let flushed = false;
    const flush = sut.flush().then(() => (flushed = true));

    ledger.endOne(); // the beat with reading(3) ends; one with reading(5) follows
    await settled();
    expect(flushed).toBe(false);
    expect(ledger.beats).toEqual([reading(3), reading(5)]);

    ledger.endOne();
    await flush;
    expect(flushed).toBe(true);
  });

  it('flush sends no second beat when the one under way carries the latest progress', async () => {
    sut.report(applying);
    const flush = sut.flush();

    ledger.endOne();
    await flush;
    expect(ledger.beats).toEqual([applying]);
  });

  it('flush sends the progress at once when no beat is under way', async () => {
    sut.report(applying);
    ledger.endOne();
    await settled();

    const flush = sut.flush();
    expect(ledger.beats).toEqual([applying, applying]);
    ledger.endOne();
    await flush;
  });

  it('flush of a stopped keeper resolves without a beat', async () => {
    sut.stop();

    await sut.flush();
    expect(ledger.beats).toEqual([]);
  });
});
