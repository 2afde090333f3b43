import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { RunLedger } from './run-ledger.service';
import { RUN_LEDGER_OPTIONS, type RunLedgerOptions } from './run-ledger.options';

/**
 * Fails runs whose lease expired: a sync-planner that died, lost the broker
 * or could not reach the database stops renewing, and its run must not stay
 * `running` (holding the one-sync lock) for ever. Any instance may reap;
 * rows are claimed with SKIP LOCKED, so two reapers never fail a run twice.
 */
@Injectable()
export class RunReaper implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(RunReaper.name);
  private timer?: NodeJS.Timeout;
  private pass?: Promise<void>;

  constructor(
    private readonly ledger: RunLedger,
    @Inject(RUN_LEDGER_OPTIONS) private readonly options: RunLedgerOptions,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.reap(), this.options.reaperIntervalMs);
    this.reap();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.pass;
  }

  private reap(): void {
    if (this.pass) return;
    this.pass = this.ledger
      .failAbandoned()
      .then(() => undefined)
      .catch((error: unknown) => {
        // The database is away: the next pass tries again.
        this.logger.debug({ err: error }, 'run reaper pass failed');
      })
      .finally(() => {
        this.pass = undefined;
      });
  }
}
