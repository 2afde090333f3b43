import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  type AppliedUserChange,
  type GetRunChangesQuery,
  PLAN_PAGE_SIZE,
  type PlannedUserChange,
  type RunChangesPage,
} from '@dirsync/contracts';

export type AppliedAction = AppliedUserChange['action'];

/** A line of a staged plan that changes the store, with its position in the plan. */
export interface StagedLine {
  position: number;
  change: AppliedUserChange;
}

/** The `sync_plan_changes` table: each run's plan, staged in pages where it is applied. */
@Injectable()
export class PlanStagingRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Writes one page in the caller's transaction, in one statement. A page
   * sent again (a redelivery) changes nothing: positions are its key.
   */
  async stagePage(
    tx: EntityManager,
    runId: string,
    sequence: number,
    changes: readonly PlannedUserChange[],
  ): Promise<void> {
    if (changes.length === 0) return;
    const first = sequence * PLAN_PAGE_SIZE;
    await tx.query(
      `INSERT INTO sync_plan_changes (run_id, position, action, user_name, change)
       SELECT $1, * FROM unnest($2::int[], $3::text[], $4::text[], $5::jsonb[])
       ON CONFLICT (run_id, position) DO NOTHING`,
      [
        runId,
        changes.map((_, index) => first + index),
        changes.map((change) => change.action),
        changes.map((change) => change.userName),
        changes.map((change) => JSON.stringify(change)),
      ],
    );
  }

  /** How many changes of the run are staged, and the highest position plus one. */
  async extent(tx: EntityManager, runId: string): Promise<{ count: number; end: number }> {
    const [row] = await tx.query<{ count: number; end: number }[]>(
      `SELECT count(*)::int AS count, COALESCE(max(position) + 1, 0)::int AS "end"
         FROM sync_plan_changes WHERE run_id = $1`,
      [runId],
    );
    return row ?? { count: 0, end: 0 };
  }

  /**
   * The run's staged lines of these actions, in plan order, `size` at a
   * time (keyset on the position), so an apply never holds the whole plan.
   * Each line comes with its position in the plan.
   */
  async *chunks(
    tx: EntityManager,
    runId: string,
    actions: readonly AppliedAction[],
    size: number,
  ): AsyncGenerator<StagedLine[]> {
    let after = -1;
    for (;;) {
      const rows = await tx.query<StagedLine[]>(
        `SELECT position, change FROM sync_plan_changes
          WHERE run_id = $1 AND action = ANY($2::text[]) AND position > $3
          ORDER BY position LIMIT $4`,
        [runId, actions, after, size],
      );
      if (rows.length === 0) return;
      yield rows;
      after = rows[rows.length - 1]!.position;
      if (rows.length < size) return;
    }
  }

  /** The ids of the stored users the run's plan changes or deletes. */
  async touchedUserIds(tx: EntityManager, runId: string): Promise<string[]> {
    const rows = await tx.query<{ id: string }[]>(
      `SELECT change->>'userId' AS id FROM sync_plan_changes
        WHERE run_id = $1 AND action IN ('update', 'rename', 'delete')`,
      [runId],
    );
    return rows.map((row) => row.id);
  }

  async page(query: GetRunChangesQuery): Promise<RunChangesPage> {
    const conditions = ['run_id = $1'];
    const params: unknown[] = [query.runId];
    if (query.action) {
      params.push(query.action);
      conditions.push(`action = $${params.length}`);
    }
    if (query.userName) {
      params.push(`%${query.userName.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      conditions.push(`user_name ILIKE $${params.length}`);
    }
    const where = conditions.join(' AND ');
    const [rows, [total]] = await Promise.all([
      this.dataSource.query<{ change: PlannedUserChange }[]>(
        `SELECT change FROM sync_plan_changes WHERE ${where}
          ORDER BY position OFFSET $${params.length + 1} LIMIT $${params.length + 2}`,
        [...params, query.offset, query.limit],
      ),
      this.dataSource.query<{ total: number }[]>(
        `SELECT count(*)::int AS total FROM sync_plan_changes WHERE ${where}`,
        params,
      ),
    ]);
    return { changes: rows.map((row) => row.change), total: total?.total ?? 0 };
  }

  /** Drops the staged changes of runs that ended before `days` ago; their summaries stay. */
  async pruneEndedBefore(days: number): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM sync_plan_changes WHERE run_id IN (
         SELECT id FROM sync_runs WHERE finished_at < now() - make_interval(days => $1))`,
      [days],
    );
  }
}
