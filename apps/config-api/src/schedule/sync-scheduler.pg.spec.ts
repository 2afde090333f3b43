import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { serversEnv, ThrowawayDatabase } from '@dirsync/testing';
import type { SettingsRepository } from '../settings/settings.repository';
import type { RunLedgerClient } from '../sync/run-ledger.client';
import type { SyncService } from '../sync/sync.service';
import { SchedulerLock } from './scheduler-lock';
import { SyncScheduler } from './sync-scheduler';

/**
 * The run ledger as two config-api instances see it, with the worst timing:
 * a look at the last scheduled run waits until the other instance looks too
 * (or has finished its tick), and a started run ends at once, so the
 * one-sync rule cannot refuse the second start.
 */
class RacingLedger {
  readonly started: Date[] = [];
  private lookers = 0;
  private open!: () => void;
  private readonly bothLooked = new Promise<void>((resolve) => (this.open = resolve));

  readonly runs = {
    latest: async () => {
      if (++this.lookers >= 2) this.open();
      await this.bothLooked;
      const last = this.started.at(-1);
      return last ? { createdAt: last.toISOString() } : null;
    },
  } as unknown as RunLedgerClient;

  readonly sync = {
    start: () => {
      this.started.push(new Date());
      return Promise.resolve({ id: `run-${this.started.length}`, state: 'succeeded' });
    },
  } as unknown as SyncService;

  /** A tick that ended lets the other one go on. */
  tickEnded(): void {
    this.open();
  }
}

describe(SyncScheduler.name, () => {
  let database: ThrowawayDatabase;
  let dataSources: DataSource[];
  const settings = {
    latest: () =>
      Promise.resolve({
        settings: { options: { schedule: { intervalMinutes: 60 } } },
        savedAt: new Date(Date.now() - 2 * 60 * 60_000),
      }),
  } as unknown as SettingsRepository;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    database = await ThrowawayDatabase.create(serversEnv().DATABASE_URL, 'config_api');
    // One pool per instance, as two processes would have.
    dataSources = await Promise.all(
      [1, 2].map(() => new DataSource({ type: 'postgres', url: database.url }).initialize()),
    );
  });
  afterAll(async () => {
    await Promise.all(dataSources.map((dataSource) => dataSource.destroy()));
    await database.drop();
  });

  it('starts a due slot once when two instances tick at the same moment', async () => {
    const ledger = new RacingLedger();
    const [first, second] = dataSources.map(
      (dataSource) =>
        new SyncScheduler(settings, ledger.runs, ledger.sync, new SchedulerLock(dataSource), 1000),
    );

    await Promise.all(
      [first!.tick(), second!.tick()].map((tick) => tick.finally(() => ledger.tickEnded())),
    );

    expect(ledger.started).toHaveLength(1);
  });

  it('lets the next tick of the other instance see the run and start nothing', async () => {
    const ledger = new RacingLedger();
    ledger.tickEnded();
    const [first, second] = dataSources.map(
      (dataSource) =>
        new SyncScheduler(settings, ledger.runs, ledger.sync, new SchedulerLock(dataSource), 1000),
    );

    await first!.tick();
    await second!.tick();

    expect(ledger.started).toHaveLength(1);
  });
});
