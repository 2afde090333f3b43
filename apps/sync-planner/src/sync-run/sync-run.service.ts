import { Injectable, Logger } from '@nestjs/common';
import {
  APPLIED_ACTIONS,
  DEFAULT_DELETION_THRESHOLD,
  type StartSyncRunCommand,
  type SyncPlan,
  type SyncRunReport,
} from '@dirsync/contracts';
import { AppError } from '@dirsync/service-kit';
import { checkDeletionThreshold } from '../plan/deletion-threshold';
import { planSync } from '../plan/plan-sync';
import { DirectoryReaderClient } from './directory-reader.client';
import { RunEventsPublisher } from './run-events.publisher';
import { type RunProgress, RunProgressReporter } from './run-progress.reporter';
import { UserStoreClient } from './user-store.client';

/**
 * One run: read the directory, read the store, plan; for `sync`, apply.
 * Test Settings and Synchronize now share every step up to the apply.
 * Anything that fails before the apply means nothing is applied.
 */
@Injectable()
export class SyncRunService {
  private readonly logger = new Logger(SyncRunService.name);

  constructor(
    private readonly directory: DirectoryReaderClient,
    private readonly userStore: UserStoreClient,
    private readonly announce: RunEventsPublisher,
    private readonly progress: RunProgressReporter,
  ) {}

  async run(command: StartSyncRunCommand): Promise<SyncRunReport> {
    const runId = command.runId;
    const startedAt = new Date().toISOString();
    let plan: SyncPlan | undefined;
    const report = this.progress.forRun(command);
    try {
      const planned = await this.plan(runId, command, report);
      plan = planned.plan;
      let applied = false;
      if (command.mode === 'sync') {
        if (command.expectedFingerprint && command.expectedFingerprint !== plan.fingerprint) {
          throw new AppError(
            'stale-plan',
            'the directory or the user store changed since this plan was made: nothing was applied; run Test Settings again',
          );
        }
        const threshold = command.settings.options.deletionThreshold ?? DEFAULT_DELETION_THRESHOLD;
        checkDeletionThreshold(
          plan.counts.delete,
          planned.usersRead,
          threshold,
          command.allowMassDelete ?? false,
        );
        const toApply = plan.changes.filter((change) => APPLIED_ACTIONS.includes(change.action));
        const applying = {
          phase: 'applying',
          usersRead: planned.usersRead,
          changesPlanned: toApply.length,
        } as const;
        report(applying);
        const result = await this.userStore.apply(runId, toApply);
        report({
          ...applying,
          changesApplied: result.created + result.updated + result.renamed + result.deleted,
        });
        applied = true;
      }
      this.logger.log(
        { runId, mode: command.mode, counts: plan.counts, applied },
        'sync run finished',
      );
      return {
        runId,
        mode: command.mode,
        state: 'succeeded',
        startedAt,
        finishedAt: new Date().toISOString(),
        plan,
        applied,
      };
    } catch (error) {
      const { code, message } = describeFailure(error);
      this.logger.warn({ runId, mode: command.mode, code }, `sync run failed: ${message}`);
      await this.announce.failed(command, { code, message });
      return {
        runId,
        mode: command.mode,
        state: 'failed',
        startedAt,
        finishedAt: new Date().toISOString(),
        ...(plan ? { plan } : {}),
        applied: false,
        error: { code, message },
      };
    }
  }

  private async plan(
    runId: string,
    command: StartSyncRunCommand,
    report: (progress: RunProgress) => void,
  ): Promise<{ plan: SyncPlan; usersRead: number }> {
    report({ phase: 'reading', usersRead: 0 });
    const read = await this.directory.readAll(runId, command.settings, (usersRead) =>
      report({ phase: 'reading', usersRead }),
    );
    report({ phase: 'planning', usersRead: read.users.length });
    const storedUsers = await this.userStore.listAll();
    const plan = planSync({
      directoryUsers: read.users,
      outOfScopeExternalIds: new Set(read.summary.outOfScopeExternalIds),
      directoryConflicts: read.summary.conflicts,
      storedUsers,
      autoDeleteUsers: command.settings.options.autoDeleteUsers,
      defaultPrivileges: command.settings.options.defaultPrivileges,
      warnings: read.summary.warnings,
    });
    return { plan, usersRead: read.users.length };
  }
}

function describeFailure(error: unknown): { code: string; message: string } {
  if (error instanceof AppError) return { code: error.code, message: error.message };
  return { code: 'internal-error', message: 'internal error in sync-planner (see its log)' };
}
