import { Injectable, Logger } from '@nestjs/common';
import type { ApplySyncPlanCommand, ApplySyncPlanResult } from '@dirsync/contracts';
import { RunLedger } from '../runs/run-ledger.service';
import { UserLifecycle } from '../users/user-lifecycle.service';
import { UserRepository } from '../users/user.repository';
import { checkAgainstStore } from './check-against-store';
import { lineRefusal, toPlanLines, touchedUserIds } from './plan-lines';

/** Plan lines read, checked and written at a time. */
export const APPLY_CHUNK_SIZE = 5_000;

/**
 * The order an apply goes through the lines that change or delete stored
 * users; creates come last. A name or address given up by one user is free
 * before another user takes it.
 */
const APPLY_ORDER = [['delete'], ['update', 'rename']] as const;

/**
 * How PostgreSQL should cost the apply's statements: they reach a few rows
 * of large tables by key (1,000 changed users among 100,000) in pages that
 * are cached, where its default random_page_cost (4, for disks that seek)
 * made it read every user to update 1,000 (a hash join over a seq scan:
 * 24–41 ms, against 10 ms by index; EXPLAIN ANALYZE on 100,000 users).
 * For the apply's transaction only.
 */
export const APPLY_PLANNER_COSTS = 'SET LOCAL random_page_cost = 1.1';

/**
 * Applies a sync plan: all of its create/update/rename/delete lines in one
 * transaction with the run's end, or none of them. Refused before anything
 * is written: a user or directory entry on two lines, a local user, a user
 * no longer in the store or no longer as the plan saw it. Any database
 * error (a duplicate address, say) rolls the whole plan back.
 */
@Injectable()
export class ApplyPlanService {
  private readonly logger = new Logger(ApplyPlanService.name);

  constructor(
    private readonly ledger: RunLedger,
    private readonly users: UserRepository,
    private readonly lifecycle: UserLifecycle,
  ) {}

  /**
   * Applies a run's staged plan in the run ledger's transaction: only while
   * the run holds `leaseToken` and its plan is complete, and ending the run
   * as succeeded in the same commit. A redelivered apply of an applied run
   * writes nothing. Changes and deletes are read, checked against the
   * stored users and written APPLY_CHUNK_SIZE lines at a time; creates are
   * written by the database from the staged plan without leaving it. So
   * memory does not grow with the plan; the transaction, its locks and its
   * checks cover the whole plan all the same.
   */
  async apply({ runId, leaseToken }: ApplySyncPlanCommand): Promise<ApplySyncPlanResult> {
    const started = Date.now();
    // Milliseconds per step, summed over the chunks and logged with the outcome (bench:sync reads them).
    const steps: Record<string, number> = {};
    let mark = started;
    const step = (name: string) => {
      const now = Date.now();
      steps[name] = (steps[name] ?? 0) + now - mark;
      mark = now;
    };
    const applied = await this.ledger.applyWithin(runId, leaseToken, async (tx, staged) => {
      await tx.query(APPLY_PLANNER_COSTS);
      const result: ApplySyncPlanResult = { created: 0, updated: 0, renamed: 0, deleted: 0 };
      const repeated = await staged.repeatedLines();
      if (repeated.length > 0) throw lineRefusal(repeated);
      step('check');
      // Every user the plan touches is locked first: nothing can change them
      // between a chunk's check and the writes of later chunks.
      await this.users.lockIds(tx, await staged.touchedUserIds());
      step('lock');
      for (const actions of APPLY_ORDER) {
        for await (const chunk of staged.chunks(actions, APPLY_CHUNK_SIZE)) {
          const lines = toPlanLines(chunk);
          step('load');
          const stored = await this.users.findByIds(tx, touchedUserIds(lines));
          const checked = checkAgainstStore(lines, stored);
          step('check');
          await this.lifecycle.delete(tx, checked.removals, runId);
          await this.lifecycle.change(tx, checked.changes, runId);
          step('write');
          result.deleted += lines.deletes.length;
          for (const line of lines.changes) {
            if (line.action === 'rename') result.renamed += 1;
            else result.updated += 1;
          }
        }
      }
      // Creates are written where they are staged, each table in one statement.
      const creates = await staged.plannedCreates();
      step('load');
      await this.lifecycle.createPlanned(tx, creates, runId);
      step('write');
      result.created = creates.count;
      return result;
    });
    step('commit');
    this.logger.log({ runId, ...applied, ms: Date.now() - started, steps }, 'sync plan applied');
    return applied;
  }
}
