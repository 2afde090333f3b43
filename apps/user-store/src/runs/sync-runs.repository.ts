import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type {
  CreateSyncRunCommand,
  PlanCounts,
  RunError,
  RunProgress,
  PlanSummary,
} from '@dirsync/contracts';
import { isUniqueViolation } from '../database/unique-violation';
import { runRefusals } from './run-ledger-errors';
import { SyncRunEntity } from './sync-run.entity';

export interface LeaseTimes {
  /** How long a claim or a heartbeat keeps the lease. */
  leaseMs: number;
  /** How long a queued run waits for a worker before it fails. */
  queuedMs: number;
}

/**
 * The `sync_runs` table and its state machine. Every transition is one
 * conditional UPDATE (or a row locked FOR UPDATE first), so two instances,
 * a late message and the reaper can never move a run twice.
 */
@Injectable()
export class SyncRunsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private get rows() {
    return this.dataSource.getRepository(SyncRunEntity);
  }

  async create(id: string, command: CreateSyncRunCommand, times: LeaseTimes) {
    try {
      await this.rows.insert({
        id,
        mode: command.mode,
        state: 'queued',
        requestedBy: command.requestedBy,
        settingsVersion: command.settingsVersion,
        allowMassDelete: command.allowMassDelete,
        expectedFingerprint: command.expectedFingerprint ?? null,
        leaseExpiresAt: () => `now() + make_interval(secs => ${times.queuedMs / 1000})`,
      } as never);
    } catch (error) {
      if (!isUniqueViolation(error, 'sync_runs_one_active_sync_key')) throw error;
      const active = await this.rows.findOne({
        where: [
          { mode: 'sync', state: 'queued' },
          { mode: 'sync', state: 'running' },
        ],
      });
      throw runRefusals.alreadyRunning(active?.id);
    }
    return this.get(id);
  }

  async get(id: string): Promise<SyncRunEntity> {
    const run = await this.rows.findOne({ where: { id } });
    if (!run) throw runRefusals.notFound(id);
    return run;
  }

  find(id: string): Promise<SyncRunEntity | null> {
    return this.rows.findOne({ where: { id } });
  }

  /** Newest first, without plans. */
  list(limit: number, requestedBy?: string): Promise<SyncRunEntity[]> {
    return this.rows.find({
      where: requestedBy === undefined ? {} : { requestedBy },
      order: { createdAt: 'DESC' },
      take: limit,
      select: {
        id: true,
        mode: true,
        state: true,
        requestedBy: true,
        settingsVersion: true,
        allowMassDelete: true,
        expectedFingerprint: true,
        createdAt: true,
        startedAt: true,
        finishedAt: true,
        progress: true,
        counts: true,
        error: true,
        applied: true,
      },
    });
  }

  /** queued → running, with a new fencing token. */
  async claim(id: string, worker: string, times: LeaseTimes): Promise<SyncRunEntity> {
    const claimed = await this.dataSource.query<unknown[]>(
      `UPDATE sync_runs
          SET state = 'running', started_at = now(), worker = $2,
              lease_token = nextval('sync_run_lease_tokens'),
              lease_expires_at = now() + make_interval(secs => $3)
        WHERE id = $1 AND state = 'queued' AND lease_expires_at > now()
        RETURNING id`,
      [id, worker, times.leaseMs / 1000],
    );
    const run = await this.get(id);
    if (rowCount(claimed) === 0) throw runRefusals.notClaimable(run);
    return run;
  }

  /**
   * Extends the lease and records progress. A run whose row is locked is
   * being applied: the apply holds the fence until it commits, so the
   * heartbeat of the lease's holder succeeds without waiting for it (and
   * without renewing); any other heartbeat is refused as if it were not.
   */
  async renew(
    id: string,
    leaseToken: number,
    progress: RunProgress | undefined,
    times: LeaseTimes,
  ) {
    await this.dataSource.transaction(async (tx) => {
      const [row] = await tx.query<SyncRunEntity[]>(
        `SELECT id FROM sync_runs WHERE id = $1 FOR NO KEY UPDATE SKIP LOCKED`,
        [id],
      );
      if (!row) {
        // Locked (by its apply, or by the reaper failing it): judge the step by the
        // last committed state of the run; 404 if there is no such run.
        const run = await this.get(id);
        const held =
          run.state === 'running' &&
          Number(run.leaseToken) === leaseToken &&
          (await this.leaseLive(id));
        if (!held) throw runRefusals.leaseLost(run, leaseToken);
        return;
      }
      const renewed = await tx.query<unknown[]>(
        `UPDATE sync_runs
            SET lease_expires_at = now() + make_interval(secs => $3),
                progress = COALESCE($4::jsonb, progress)
          WHERE id = $1 AND lease_token = $2 AND state = 'running' AND lease_expires_at > now()
          RETURNING id`,
        [id, leaseToken, times.leaseMs / 1000, progress ? JSON.stringify(progress) : null],
      );
      if (rowCount(renewed) === 0) throw runRefusals.leaseLost(await this.get(id), leaseToken);
    });
  }

  /** Whether the run's committed lease is unexpired, read without waiting for its row lock. */
  private async leaseLive(id: string): Promise<boolean> {
    const [row] = await this.dataSource.query<{ live: boolean }[]>(
      `SELECT lease_expires_at > clock_timestamp() AS live FROM sync_runs WHERE id = $1`,
      [id],
    );
    return row?.live === true;
  }

  /** Stores the plan; clock_timestamp(): the lease is checked when the row is got, after any wait. */
  /** Renews the lease of a run locked by `lockHeld` (its holder just took a step). */
  async extendLease(tx: EntityManager, id: string, times: LeaseTimes) {
    await tx.query(
      `UPDATE sync_runs SET lease_expires_at = clock_timestamp() + make_interval(secs => $2)
        WHERE id = $1`,
      [id, times.leaseMs / 1000],
    );
  }

  /** Records the plan's summary on a run locked by `lockHeld`. */
  async recordPlanSummary(tx: EntityManager, id: string, summary: PlanSummary) {
    await tx.query(`UPDATE sync_runs SET plan = $2::jsonb, counts = $3::jsonb WHERE id = $1`, [
      id,
      JSON.stringify(summary),
      JSON.stringify(summary.counts),
    ]);
  }

  /**
   * Locks a running run for its last step, in the caller's transaction: the
   * lease must be this one and unexpired. Nothing (reaper, another instance,
   * a late message) can end the run until `tx` commits or rolls back.
   */
  async lockHeld(tx: EntityManager, id: string, leaseToken: number): Promise<SyncRunEntity> {
    // clock_timestamp(), not now(): the lease must be live when the lock is
    // held, not merely when the transaction began (it may have waited for it).
    const [lock] = await tx.query<{ live: boolean }[]>(
      `SELECT lease_expires_at > clock_timestamp() AS live FROM sync_runs WHERE id = $1 FOR UPDATE`,
      [id],
    );
    if (!lock) throw runRefusals.notFound(id);
    const run = await tx.findOneOrFail(SyncRunEntity, { where: { id } });
    const held = run.state === 'running' && Number(run.leaseToken) === leaseToken && lock.live;
    if (!held) throw runRefusals.leaseLost(run, leaseToken);
    return run;
  }

  /**
   * For a staged page: locks the run and extends its lease in one statement
   * when the run is running under this lease, unexpired, and its plan is not
   * complete yet; returns false (nothing changed) otherwise. The row lock and
   * the conditions are those of `lockHeld` (an UPDATE waits for the lock and
   * then checks its conditions on the row as it is), without loading the run:
   * a first sync stages a page per 1,000 users, and the run's entity took a
   * query and its hydration each time.
   */
  async extendOpenPlanLease(
    tx: EntityManager,
    id: string,
    leaseToken: number,
    times: LeaseTimes,
  ): Promise<boolean> {
    const rows = await tx.query<{ id: string }[]>(
      `WITH extended AS (
         UPDATE sync_runs SET lease_expires_at = clock_timestamp() + make_interval(secs => $3)
          WHERE id = $1 AND state = 'running' AND lease_token = $2
            AND lease_expires_at > clock_timestamp() AND plan IS NULL
          RETURNING id)
       SELECT id FROM extended`,
      [id, leaseToken, times.leaseMs / 1000],
    );
    return rows.length > 0;
  }

  /** Ends a run locked by `lockHeld`. */
  async end(
    tx: EntityManager,
    id: string,
    outcome:
      | { state: 'succeeded'; applied: boolean; applyResult?: object; counts?: PlanCounts }
      | { state: 'failed'; error: RunError },
  ) {
    // A sync's last progress says how many changes were applied.
    await tx.query(
      `UPDATE sync_runs
          SET state = $2, finished_at = now(), applied = $3, apply_result = $4::jsonb,
              error = $5::jsonb, counts = COALESCE($6::jsonb, counts),
              progress = CASE WHEN $3 THEN COALESCE(progress, '{"usersRead":0}'::jsonb)
                  || jsonb_build_object('phase', 'applying',
                       'changesApplied', ($4::jsonb->>'created')::int + ($4::jsonb->>'updated')::int
                         + ($4::jsonb->>'renamed')::int + ($4::jsonb->>'deleted')::int)
                ELSE progress END
        WHERE id = $1`,
      [
        id,
        outcome.state,
        outcome.state === 'succeeded' && outcome.applied,
        outcome.state === 'succeeded' && outcome.applyResult
          ? JSON.stringify(outcome.applyResult)
          : null,
        outcome.state === 'failed' ? JSON.stringify(outcome.error) : null,
        outcome.state === 'succeeded' && outcome.counts ? JSON.stringify(outcome.counts) : null,
      ],
    );
  }

  /**
   * Fails, in `tx`, every queued or running run whose lease expired, skipping
   * rows locked by an apply in progress. Returns the runs it failed.
   */
  async failExpired(tx: EntityManager, error: (run: SyncRunEntity) => RunError) {
    const expired = await tx.query<SyncRunEntity[]>(
      `SELECT id FROM sync_runs
        WHERE state IN ('queued', 'running') AND lease_expires_at <= now()
        FOR UPDATE SKIP LOCKED`,
    );
    const failed: SyncRunEntity[] = [];
    for (const { id } of expired) {
      const run = await tx.findOneOrFail(SyncRunEntity, { where: { id } });
      await this.end(tx, id, { state: 'failed', error: error(run) });
      failed.push(run);
    }
    return failed;
  }
}

/** pg answers an UPDATE … RETURNING through TypeORM as [rows, count]. */
function rowCount(result: unknown[]): number {
  const [rows, count] = result as [unknown, unknown];
  if (typeof count === 'number') return count;
  return Array.isArray(rows) ? rows.length : result.length;
}
