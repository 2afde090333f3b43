import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { UserRepository } from '../users/user.repository';
import { RunLedger } from './run-ledger.service';
import { RUN_LEDGER_OPTIONS, type RunLedgerOptions } from './run-ledger.options';

/** How often staged plans past their retention are deleted. */
const PRUNE_EVERY_MS = 60 * 60_000;

/**
 * Fails runs whose lease expired: a sync-planner that died, lost the broker
 * or could not reach the database stops renewing, and its run must not stay
 * `running` (holding the one-sync lock) for ever. Any instance may reap;
 * rows are claimed with SKIP LOCKED, so two reapers never fail a run twice.
 * Once an hour it also deletes staged plans past their retention and the
 * record of users removed more than a day ago (UserRepository.pages).
 */
@Injectable()
export class RunReaper implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(RunReaper.name);
  private timer?: NodeJS.Timeout;
  private pass?: Promise<void>;
  private lastPrune = 0;

  constructor(
    private readonly ledger: RunLedger,
    private readonly users: UserRepository,
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

  private async pruneHourly(): Promise<void> {
    if (Date.now() - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = Date.now();
    await this.ledger.pruneStagedPlans();
    await this.users.pruneRemovals();
  }

  private reap(): void {
    if (this.pass) return;
    this.pass = this.ledger
      .failAbandoned()
      .then(() => this.pruneHourly())
      .catch((error: unknown) => {
        // The database is away: the next pass tries again.
        this.logger.debug({ err: error }, 'run reaper pass failed');
      })
      .finally(() => {
        this.pass = undefined;
      });
  }
}
