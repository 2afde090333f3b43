import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { SyncSchedule } from '@dirsync/contracts';
import { AppError } from '@dirsync/service-kit';
import { SettingsRepository } from '../settings/settings.repository';
import { RunLedgerClient } from '../sync/run-ledger.client';
import { SyncService } from '../sync/sync.service';
import { SchedulerLock } from './scheduler-lock';
import { nextScheduledRunAt } from './next-run';

export const SCHEDULER_TICK_MS = Symbol('SCHEDULER_TICK_MS');
export const SCHEDULER_ACTOR = 'scheduler';

/**
 * Starts Synchronize now when the settings' schedule says so. Several
 * config-api instances may tick at once: they take turns under an advisory
 * lock (SchedulerLock), so one of them starts the slot's run and the others
 * then see it.
 */
@Injectable()
export class SyncScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SyncScheduler.name);
  private timer?: NodeJS.Timeout;
  private ticking = false;

  constructor(
    private readonly settings: SettingsRepository,
    private readonly runs: RunLedgerClient,
    private readonly sync: SyncService,
    private readonly lock: SchedulerLock,
    @Inject(SCHEDULER_TICK_MS) private readonly tickMs: number,
  ) {}

  onApplicationBootstrap() {
    this.timer = setInterval(() => void this.tick(), this.tickMs);
    this.timer.unref();
  }

  onApplicationShutdown() {
    clearInterval(this.timer);
  }

  /** One look at the clock; public so that a test can drive it. */
  async tick(now = new Date()): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      const latest = await this.settings.latest();
      const options = latest?.settings['options'] as { schedule?: SyncSchedule } | undefined;
      if (!latest || !options?.schedule) return;
      // Another instance checking at this moment will have started the run, if due.
      await this.lock.ifFree(async () => {
        const lastRun = await this.runs.latest(SCHEDULER_ACTOR);
        const due = nextScheduledRunAt(
          options.schedule,
          latest.savedAt,
          lastRun ? new Date(lastRun.createdAt) : null,
        );
        this.logger.debug({ due }, 'schedule checked');
        if (!due || due > now) return;
        this.logger.log({ due }, 'scheduled synchronization starts');
        await this.sync.start({ mode: 'sync', actor: SCHEDULER_ACTOR, allowMassDelete: false });
      });
    } catch (error) {
      const code = error instanceof AppError ? error.code : 'internal-error';
      if (code !== 'sync-already-running')
        this.logger.warn({ code, err: error }, 'scheduled synchronization failed');
    } finally {
      this.ticking = false;
    }
  }
}
