import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  type ApplySyncPlanResult,
  emptyPlanCounts,
  type CreateSyncRunCommand,
  type FinishSyncRunCommand,
  type PlanCounts,
  type PlannedUserChange,
  type CompletePlanCommand,
  type GetRunChangesQuery,
  type GetStagedLinesQuery,
  type RunChangesPage,
  type StagedLines,
  type StagePlanPageCommand,
  type RenewRunLeaseCommand,
  type RunError,
  type RunLease,
  type SyncRunRecord,
} from '@dirsync/contracts';
import { AppError } from '@dirsync/service-kit';
import { inTransaction } from '../database/in-transaction';
import { outboxMessage } from '../outbox/outbox-message';
import { OutboxRelay } from '../outbox/outbox-relay';
import { OutboxRepository } from '../outbox/outbox.repository';
import { planRefusals } from './plan-refusals';
import type { PlannedCreates } from '../apply/planned-creates';
import {
  type AppliedAction,
  type LineProblem,
  PlanStagingRepository,
  type StagedLine,
} from './plan-staging.repository';
import { RUN_LEDGER_OPTIONS, type RunLedgerOptions } from './run-ledger.options';
import type { SyncRunEntity } from './sync-run.entity';
import { toSyncRunRecord } from './sync-run.mapper';
import { SyncRunsRepository } from './sync-runs.repository';

/** A run's staged plan as its apply reads it: never all at once. */
export interface StagedPlan {
  /** The lines of these actions in the order staged, `size` at a time. */
  chunks(actions: readonly AppliedAction[], size: number): AsyncIterable<StagedLine[]>;
  /** The stored users the plan changes or deletes (locked before anything is checked). */
  touchedUserIds(): Promise<string[]>;
  /** Lines naming a user or directory entry an earlier line names (the plan is refused). */
  repeatedLines(): Promise<LineProblem[]>;
  /** The plan's creates, drawn into a table of the transaction. */
  plannedCreates(): Promise<PlannedCreates>;
}

/**
 * The run ledger: the one owner of every run's state. A run ends exactly
 * once, in the same transaction as its outcome event (outbox) and, for a
 * sync, as its writes; steps carry the lease they were given, and a step
 * whose lease is no longer the run's changes nothing.
 */
@Injectable()
export class RunLedger {
  private readonly logger = new Logger(RunLedger.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly runs: SyncRunsRepository,
    private readonly staging: PlanStagingRepository,
    private readonly outbox: OutboxRepository,
    private readonly relay: OutboxRelay,
    @Inject(RUN_LEDGER_OPTIONS) private readonly options: RunLedgerOptions,
  ) {}

  async create(command: CreateSyncRunCommand): Promise<SyncRunRecord> {
    const run = await this.runs.create(randomUUID(), command, this.options);
    this.logger.log({ runId: run.id, mode: run.mode, requestedBy: run.requestedBy }, 'run queued');
    return toSyncRunRecord(run);
  }

  async claim(runId: string, worker: string): Promise<RunLease> {
    const run = await this.runs.claim(runId, worker, this.options);
    this.logger.log({ runId, worker, leaseToken: run.leaseToken }, 'run claimed');
    return {
      run: toSyncRunRecord(run),
      leaseToken: Number(run.leaseToken),
      leaseMs: this.options.leaseMs,
    };
  }

  heartbeat(step: RenewRunLeaseCommand): Promise<void> {
    return this.runs.renew(step.runId, step.leaseToken, step.progress, this.options);
  }

  /** Stages one page of the run's plan, while the run holds this lease. */
  async stagePlanPage(step: StagePlanPageCommand): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      // The lines first, the run's lock last: the pages in flight write at
      // the same time and queue only for the check and the commit. A page
      // the check refuses rolls back with its lines, and until it commits
      // no one else sees them (completePlan counts committed lines only).
      await this.staging.stagePage(tx, step.runId, step.first, step);
      // A page proves its worker alive as much as a heartbeat does, and a
      // heartbeat queued behind a long plan's pages must not cost the lease.
      if (await this.runs.extendOpenPlanLease(tx, step.runId, step.leaseToken, this.options)) {
        return;
      }
      // Refused: say why, as any other step would.
      const run = await this.runs.lockHeld(tx, step.runId, step.leaseToken);
      throw planRefusals.complete(run.id);
    });
  }

  /**
   * The plan is whole: once the lines it dropped are withdrawn, every change
   * its summary counts is staged, in the pages it says were sent. A page lost
   * on the way fails this check, never the apply of a smaller plan.
   */
  async completePlan(step: CompletePlanCommand): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      const run = await this.runs.lockHeld(tx, step.runId, step.leaseToken);
      const { counts } = step.summary;
      const expected =
        counts.create +
        counts.update +
        counts.rename +
        counts.delete +
        counts.keep +
        counts.conflict;
      await this.staging.withdraw(tx, step.runId, step.withdrawn);
      const staged = await this.staging.extent(tx, step.runId);
      if (staged.count !== expected || staged.end > step.lines) {
        throw planRefusals.incomplete(run.id, expected, staged.count, step.lines);
      }
      await this.runs.recordPlanSummary(tx, step.runId, step.summary);
      await this.runs.extendLease(tx, step.runId, this.options);
    });
  }

  /** Staged lines of the run's plan by position (the planner reads a few back), under its lease. */
  async stagedLines(query: GetStagedLinesQuery): Promise<StagedLines> {
    return this.dataSource.transaction(async (tx) => {
      const run = await this.runs.lockHeld(tx, query.runId, query.leaseToken);
      const found = await this.staging.linesAt(tx, query.runId, query.positions);
      const missing = query.positions.filter((_, index) => found[index] === undefined);
      if (missing.length > 0) throw planRefusals.linesMissing(run.id, missing);
      return { lines: found as PlannedUserChange[] };
    });
  }

  /** Deletes the staged changes of runs that ended before the retention; summaries stay. */
  pruneStagedPlans(): Promise<void> {
    return this.staging.pruneEndedBefore(this.options.planRetentionDays);
  }

  changes(query: GetRunChangesQuery): Promise<RunChangesPage> {
    return this.staging.page(query);
  }

  /** Test Settings succeeded, or any run failed; a sync succeeds through `applyWithin`. */
  async finish(step: FinishSyncRunCommand): Promise<SyncRunRecord> {
    const ended = await this.dataSource.transaction(async (tx) => {
      const run = await this.runs.lockHeld(tx, step.runId, step.leaseToken);
      if (step.outcome === 'failed') {
        const error = step.error ?? { code: 'sync-failed', message: 'the run failed' };
        await this.endFailed(tx, run, error);
      } else {
        if (run.mode === 'sync') {
          throw new AppError(
            'invalid-message',
            `run ${run.id} is a sync: it succeeds by its apply (users.apply-plan.v1), not by runs.finish.v1`,
          );
        }
        await this.runs.end(tx, run.id, { state: 'succeeded', applied: false });
        await this.outbox.add(tx, [completedEvent(run, run.counts)]);
      }
      return run.id;
    });
    this.relay.kick();
    return toSyncRunRecord(await this.runs.get(ended), false);
  }

  /**
   * Runs `apply` on the run's staged plan in one transaction with the run
   * locked, its lease checked and its plan complete, then ends the run as
   * succeeded (with its completed event). A run applied already answers its
   * first result again and writes nothing.
   */
  async applyWithin(
    runId: string,
    leaseToken: number,
    apply: (tx: EntityManager, staged: StagedPlan) => Promise<ApplySyncPlanResult>,
  ): Promise<ApplySyncPlanResult> {
    const result = await inTransaction(this.dataSource, async (tx) => {
      const finished = await this.alreadyApplied(tx, runId, leaseToken);
      if (finished) return { result: finished, fresh: false };
      const run = await this.runs.lockHeld(tx, runId, leaseToken);
      if (run.mode !== 'sync') {
        throw new AppError('invalid-message', `run ${runId} is Test Settings: it applies nothing`);
      }
      if (!run.plan) throw planRefusals.notComplete(runId);
      const applied = await apply(tx, {
        chunks: (actions, size) => this.staging.chunks(tx, runId, actions, size),
        touchedUserIds: () => this.staging.touchedUserIds(tx, runId),
        repeatedLines: () => this.staging.repeatedLines(tx, runId),
        plannedCreates: () => this.staging.plannedCreates(tx, runId),
      });
      await this.runs.end(tx, runId, {
        state: 'succeeded',
        applied: true,
        applyResult: applied,
      });
      await this.outbox.add(tx, [completedEvent(run, run.counts)]);
      return { result: applied, fresh: true };
    });
    this.relay.kick();
    if (!result.fresh)
      this.logger.warn({ runId }, 'apply of an applied run: answered again, nothing written');
    return result.result;
  }

  /** Fails every run whose worker stopped renewing its lease (or that no worker took). */
  async failAbandoned(): Promise<number> {
    const failed = await this.dataSource.transaction(async (tx) => {
      const runs = await this.runs.failExpired(tx, abandonment);
      if (runs.length > 0) {
        await this.outbox.add(
          tx,
          runs.map((run) => failedEvent(run, abandonment(run))),
        );
      }
      return runs;
    });
    for (const run of failed) {
      this.logger.warn(
        { runId: run.id, state: run.state, worker: run.worker },
        abandonment(run).message,
      );
    }
    if (failed.length > 0) this.relay.kick();
    return failed.length;
  }

  async get(runId: string, withPlan: boolean): Promise<SyncRunRecord | null> {
    const run = await this.runs.find(runId);
    return run ? toSyncRunRecord(run, withPlan) : null;
  }

  async list(limit: number, requestedBy?: string): Promise<SyncRunRecord[]> {
    return (await this.runs.list(limit, requestedBy)).map((run) => toSyncRunRecord(run));
  }

  private async endFailed(tx: EntityManager, run: SyncRunEntity, error: RunError) {
    await this.runs.end(tx, run.id, { state: 'failed', error });
    await this.outbox.add(tx, [failedEvent(run, error)]);
  }

  /** The stored result of a run this same lease applied already, locked; else undefined. */
  private async alreadyApplied(tx: EntityManager, runId: string, leaseToken: number) {
    const [row] = await tx.query<
      { applied: boolean; lease_token: string; apply_result: ApplySyncPlanResult | null }[]
    >(`SELECT applied, lease_token, apply_result FROM sync_runs WHERE id = $1 FOR UPDATE`, [runId]);
    if (row?.applied && Number(row.lease_token) === leaseToken && row.apply_result) {
      return row.apply_result;
    }
    return undefined;
  }
}

function abandonment(run: SyncRunEntity): RunError {
  return run.state === 'queued'
    ? {
        code: 'run-not-started',
        message:
          'no sync-planner took the run in time (is sync-planner running?): nothing was applied',
      }
    : {
        code: 'run-abandoned',
        message: `sync-planner ${run.worker ?? ''} stopped renewing the run's lease (it stopped, or lost the broker or the database): nothing was applied`,
      };
}

function completedEvent(run: SyncRunEntity, counts: PlanCounts | null) {
  return outboxMessage('sync.run.completed.v1', {
    runId: run.id,
    mode: run.mode,
    counts: counts ?? emptyPlanCounts(),
  });
}

function failedEvent(run: SyncRunEntity, error: RunError) {
  return outboxMessage('sync.run.failed.v1', {
    runId: run.id,
    mode: run.mode,
    error,
    requestedBy: run.requestedBy,
  });
}
