import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import type { ApplySyncPlanCommand, ApplySyncPlanResult } from '@dirsync/contracts';
import { RunLedger } from '../runs/run-ledger.service';
import { UserLifecycle } from '../users/user-lifecycle.service';
import { type NewUser, UserRepository } from '../users/user.repository';
import { checkAgainstStore } from './check-against-store';
import { type CreateLine, toPlanLines, touchedUserIds } from './plan-lines';

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
   * writes nothing.
   */
  async apply({ runId, leaseToken }: ApplySyncPlanCommand): Promise<ApplySyncPlanResult> {
    const started = Date.now();
    // Milliseconds per step, logged with the outcome (bench:sync reads them).
    const steps: Record<string, number> = {};
    let mark = started;
    const step = (name: string) => {
      const now = Date.now();
      steps[name] = now - mark;
      mark = now;
    };
    const applied = await this.ledger.applyWithin(runId, leaseToken, async (tx, changes) => {
      step('load');
      const lines = toPlanLines(changes);
      const result: ApplySyncPlanResult = {
        created: lines.creates.length,
        updated: lines.changes.filter((line) => line.action === 'update').length,
        renamed: lines.changes.filter((line) => line.action === 'rename').length,
        deleted: lines.deletes.length,
      };
      if (changes.length === 0) return result;
      // Lock every user the plan touches, then check the plan against them:
      // nothing can change them between the check and the writes.
      const stored = await this.users.lockByIds(tx, touchedUserIds(lines));
      const checked = checkAgainstStore(lines, stored);
      step('check');
      // Deletes first, then changes, then creates: a name or address given up
      // by one user is free before another user takes it.
      await this.lifecycle.delete(tx, checked.removals, runId);
      await this.lifecycle.change(tx, checked.changes, runId);
      await this.lifecycle.create(tx, lines.creates.map(toNewUser), runId);
      step('write');
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
