import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import {
  DEFAULT_DELETION_THRESHOLD,
  type RunError,
  type DeletionThreshold,
  type DirectoryUser,
  type RunLease,
  type RunProgress,
  type StartSyncRunCommand,
  type SyncOptions,
  type PlanSummary,
  type SyncRunAccepted,
  type SyncRunRecord,
} from '@dirsync/contracts';
import { AppError } from '@dirsync/service-kit';
import { checkDeletionThreshold } from '../plan/deletion-threshold';
import { type BuiltPlan, PlanBuilder } from '../plan/plan-sync';
import { DirectoryReaderClient } from './directory-reader.client';
import { LeaseKeeper } from './lease-keeper';
import { PlanStager } from './plan-stager';
import { type HeldRun, RunLedgerClient } from './run-ledger.client';
import { RunProgressReporter } from './run-progress.reporter';
import { StoreMirror } from './store-mirror';
import { UserStoreClient } from './user-store.client';

/**
 * Works on runs: claims a queued run from the ledger (user-store), answers
 * at once, then reads the directory and the store (through this planner's
 * mirror of it), plans (page by page as the directory arrives) and stages
 * the plan as it is made, completes it,
 * and for a sync applies it — every step under the run's lease, renewed by
 * a heartbeat. Anything that fails before the apply means nothing is
 * applied; the ledger decides the run's end, exactly once.
 */
@Injectable()
export class SyncRunService implements OnApplicationShutdown {
  private readonly logger = new Logger(SyncRunService.name);
  /** Runs in progress here, and when each has ended. */
  private readonly running = new Map<string, { keeper: LeaseKeeper; done: Promise<void> }>();

  constructor(
    private readonly ledger: RunLedgerClient,
    private readonly directory: DirectoryReaderClient,
    private readonly userStore: UserStoreClient,
    private readonly mirror: StoreMirror,
    private readonly progress: RunProgressReporter,
  ) {}

  /** Claims the run; the work goes on after the answer. */
  async start(command: StartSyncRunCommand): Promise<SyncRunAccepted> {
    const lease = await this.ledger.claim(command.runId);
    const held = { runId: command.runId, leaseToken: lease.leaseToken };
    const keeper = new LeaseKeeper(this.ledger, held, lease.leaseMs);
    const done = this.execute(lease, held, command.options, keeper).finally(() => {
      keeper.stop();
      this.running.delete(command.runId);
    });
    this.running.set(command.runId, { keeper, done });
    return held;
  }

  /** Resolves once every run started here has ended (tests, shutdown). */
  async idle(): Promise<void> {
    await Promise.all([...this.running.values()].map((run) => run.done));
  }

  /** A stopping planner ends its runs as failed rather than leaving them to the reaper. */
  async onApplicationShutdown(): Promise<void> {
    for (const { keeper } of this.running.values()) {
      keeper.abort(
        new AppError(
          'run-abandoned',
          'sync-planner was stopped during the run: nothing was applied',
        ),
      );
    }
    await this.idle();
  }

  private async execute(
    lease: RunLease,
    held: HeldRun,
    options: SyncOptions,
    keeper: LeaseKeeper,
  ): Promise<void> {
    const run = lease.run;
    const publish = this.progress.forRun(run);
    const report = (progress: RunProgress) => {
      keeper.report(progress);
      publish(progress);
    };
    // Milliseconds each step took, logged with the outcome (bench:sync reads them).
    const ms: Record<string, number> = {};
    const timed = async <T>(step: string, work: () => T | Promise<T>): Promise<T> => {
      const started = performance.now();
      try {
        return await work();
      } finally {
        ms[step] = Math.round(performance.now() - started);
      }
    };
    try {
      const stager = new PlanStager(this.ledger, held);
      const planned = await this.plan(run, held, options, report, keeper.signal, timed, stager);
      await timed('stage', () => stager.complete(planned.plan));
      keeper.signal.throwIfAborted();
      if (run.mode === 'test') {
        await this.ledger.succeed(held);
      } else {
        const threshold = options.deletionThreshold ?? DEFAULT_DELETION_THRESHOLD;
        await timed('apply', () => this.apply(run, held, planned, threshold, report, keeper));
        // The store has moved on by this plan: the mirror follows now, not at the next run's start.
        if (changesTheStore(planned.plan)) this.mirror.refreshSoon();
      }
      this.logger.log(
        {
          runId: run.id,
          mode: run.mode,
          counts: planned.plan.counts,
          linesReadBack: planned.linesReadBack,
          ms,
        },
        'run succeeded',
      );
    } catch (error) {
      // Whatever failed, the next run lists the whole store: a plan the store
      // refused may have been made against a mirror that was not current.
      this.mirror.forget();
      await this.fail(run, held, keeper.signal.aborted ? keeper.signal.reason : error);
    }
  }

  private async apply(
    run: SyncRunRecord,
    held: HeldRun,
    { plan, usersRead }: { plan: BuiltPlan; usersRead: number },
    threshold: DeletionThreshold,
    report: (progress: RunProgress) => void,
    keeper: LeaseKeeper,
  ) {
    if (run.expectedFingerprint && run.expectedFingerprint !== plan.fingerprint) {
      throw new AppError(
        'stale-plan',
        'the directory or the user store changed since this plan was made: nothing was applied; run Test Settings again',
      );
    }
    checkDeletionThreshold(plan.counts.delete, usersRead, threshold, run.allowMassDelete);
    const { create, update, rename, delete: deletes } = plan.counts;
    const changesPlanned = create + update + rename + deletes;
    const applying = { phase: 'applying', usersRead, changesPlanned } as const;
    report(applying);
    // The apply holds the run's row until it commits, so no heartbeat can
    // record progress meanwhile: the ledger has "applying" before it starts.
    await keeper.flush();
    keeper.signal.throwIfAborted();
    const result = await this.userStore.apply(held);
    report({
      ...applying,
      changesApplied: result.created + result.updated + result.renamed + result.deleted,
    });
  }

  private async plan(
    run: SyncRunRecord,
    held: HeldRun,
    options: SyncOptions,
    report: (progress: RunProgress) => void,
    signal: AbortSignal,
    timed: <T>(step: string, work: () => T | Promise<T>) => Promise<T>,
    stager: PlanStager,
  ): Promise<{ plan: BuiltPlan; usersRead: number; linesReadBack: number }> {
    report({ phase: 'reading', usersRead: 0 });
    // The directory and the store are read at the same time; each directory
    // page is planned as it arrives once the store is listed (pages that
    // come before wait for it), so an unchanged directory is never held
    // whole, and the lines it makes are staged as they fill pages.
    let builder: PlanBuilder | undefined;
    let waiting: (readonly DirectoryUser[])[] = [];
    const listed = timed('list', () => this.mirror.current()).then((storedUsers) => {
      builder = new PlanBuilder(storedUsers, options);
      for (const users of waiting) builder.add(users);
      waiting = [];
      stager.offer(builder.lines);
      return builder;
    });
    const [read, planned] = await Promise.all([
      timed('read', () =>
        this.directory.read(run.id, run.settingsVersion, (users, usersRead) => {
          if (builder) {
            builder.add(users);
            if (!signal.aborted) stager.offer(builder.lines);
          } else {
            waiting.push(users);
          }
          report({ phase: 'reading', usersRead });
        }),
      ),
      listed,
    ]);
    signal.throwIfAborted();
    report({ phase: 'planning', usersRead: read.usersRead });
    const outcome = {
      outOfScopeExternalIds: new Set(read.summary.outOfScopeExternalIds),
      directoryConflicts: read.summary.conflicts,
      warnings: read.summary.warnings,
    };
    // The few staged lines the finished plan must compare exactly (a hash
    // they share with another line or a name), read back from the staged plan.
    let linesReadBack = 0;
    const plan = await timed('plan', async () => {
      const recall = planned.linesToRecall(outcome);
      linesReadBack = recall.length;
      if (recall.length > 0) {
        await stager.whenSentPagesStaged();
        planned.restore(recall, await this.ledger.stagedLines(held, recall));
      }
      return planned.finish(outcome);
    });
    return { plan, usersRead: read.usersRead, linesReadBack };
  }

  /**
   * Tells the ledger the run failed. If the ledger refuses (the run ended
   * already: say an apply that timed out here committed after all) or cannot
   * be reached, the ledger's own outcome stands: its reaper fails a run whose
   * lease runs out.
   */
  private async fail(run: SyncRunRecord, held: HeldRun, error: unknown) {
    const failure = describeFailure(error);
    this.logger.warn(
      { runId: run.id, mode: run.mode, code: failure.code },
      `run failed: ${failure.message}`,
    );
    try {
      await this.ledger.fail(held, failure);
    } catch (refusal) {
      this.logger.warn(
        { runId: run.id, err: refusal },
        'the ledger did not record the failure; its own outcome for the run stands',
      );
    }
  }
}

function changesTheStore({ counts }: PlanSummary): boolean {
  return counts.create + counts.update + counts.rename + counts.delete > 0;
}

function describeFailure(error: unknown): RunError {
  if (error instanceof AppError) return { code: error.code, message: error.message };
  return { code: 'internal-error', message: 'internal error in sync-planner (see its log)' };
}
