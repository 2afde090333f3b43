import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import type { ApplySyncPlanCommand, ApplySyncPlanResult } from '@dirsync/contracts';
import { RunLedger } from '../runs/run-ledger.service';
import { UserLifecycle } from '../users/user-lifecycle.service';
import { type NewUser, UserRepository } from '../users/user.repository';
import { checkAgainstStore } from './check-against-store';
import { type CreateLine, PlanLineReader, touchedUserIds } from './plan-lines';

/** Plan lines read, checked and written at a time. */
export const APPLY_CHUNK_SIZE = 5_000;

/** The order an apply goes through a plan's actions. */
const APPLY_ORDER = [['delete'], ['update', 'rename'], ['create']] as const;

/**
 * Applies a sync plan: all of its create/update/rename/delete lines in one
 * transaction with the run's end, or none of them. Refused before anything is written: a line
 * of another kind, a line missing what it needs, a local user, a user no
 * longer in the store or no longer as the plan saw it. Any database error
 * (a duplicate address, say) rolls the whole plan back.
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
   * writes nothing. The plan is read and written APPLY_CHUNK_SIZE lines at
   * a time, so memory does not grow with the plan; the transaction, its
   * locks and its checks cover the whole plan all the same.
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
      const result: ApplySyncPlanResult = { created: 0, updated: 0, renamed: 0, deleted: 0 };
      // Every user the plan touches is locked first: nothing can change them
      // between a chunk's check and the writes of later chunks.
      await this.users.lockIds(tx, await staged.touchedUserIds());
      step('lock');
      const reader = new PlanLineReader();
      // Deletes first, then changes, then creates: a name or address given up
      // by one user is free before another user takes it.
      for (const actions of APPLY_ORDER) {
        for await (const chunk of staged.chunks(actions, APPLY_CHUNK_SIZE)) {
          const lines = reader.read(chunk);
          step('load');
          // A refused plan is read to its end (the refusal names every bad line) but not written.
          if (reader.refused) continue;
          const stored = await this.users.findByIds(tx, touchedUserIds(lines));
          const checked = checkAgainstStore(lines, stored);
          step('check');
          await this.lifecycle.delete(tx, checked.removals, runId);
          await this.lifecycle.change(tx, checked.changes, runId);
          await this.lifecycle.create(tx, lines.creates.map(toNewUser), runId);
          step('write');
          result.created += lines.creates.length;
          result.deleted += lines.deletes.length;
          for (const line of lines.changes) {
            if (line.action === 'rename') result.renamed += 1;
            else result.updated += 1;
          }
        }
      }
      reader.throwIfRefused();
      return result;
    });
    step('commit');
    this.logger.log({ runId, ...applied, ms: Date.now() - started, steps }, 'sync plan applied');
    return applied;
  }
}

/** New directory users start with the privileges the plan gives them (the settings' defaults). */
function toNewUser({ directoryUser, privileges }: CreateLine): NewUser {
  return {
    id: randomUUID(),
    userName: directoryUser.userName,
    fullName: directoryUser.fullName ?? null,
    emailAddresses: directoryUser.emailAddresses,
    authMethod: 'directory',
    externalId: directoryUser.externalId,
    dn: directoryUser.dn,
    privileges,
  };
}
