import { Injectable, Logger } from '@nestjs/common';
import {
  FINAL_RUN_STATES,
  StartSyncRunCommand,
  type SyncMode,
  type SyncRunRecord,
} from '@dirsync/contracts';
import { RpcClient } from '@dirsync/messaging';
import { AppError } from '@dirsync/service-kit';
import { DirectorySettingsService } from '../settings/directory-settings.service';
import { RunLedgerClient } from './run-ledger.client';
import { waitPollMs } from './wait-poll';

/** How long Synchronize now waits for a sync-planner to take the run before answering "queued". */
const ACCEPT_TIMEOUT_MS = 5_000;
export interface RunRequest {
  mode: SyncMode;
  actor: string;
  allowMassDelete: boolean;
  /** Apply only if planning again gives this plan (a stored Test Settings plan). */
  expectedFingerprint?: string;
}

/**
 * Starts Test Settings and Synchronize now as jobs: the run ledger
 * (user-store) records the run, a sync-planner claims it, and the caller
 * gets the run at once. The run's state is the ledger's; config-api keeps
 * no copy of it.
 */
@Injectable()
export class SyncService {
  private readonly logger = new Logger(SyncService.name);

  constructor(
    private readonly settings: DirectorySettingsService,
    private readonly ledger: RunLedgerClient,
    private readonly rpc: RpcClient,
  ) {}

  async start(request: RunRequest): Promise<SyncRunRecord> {
    const current = await this.settings.withoutSecrets();
    if (!current) {
      throw new AppError(
        'not-found',
        'no directory settings are saved yet: PUT /api/v1/directory/settings first',
      );
    }
    const run = await this.ledger.create({
      mode: request.mode,
      requestedBy: request.actor,
      settingsVersion: current.version,
      allowMassDelete: request.allowMassDelete,
      ...(request.expectedFingerprint ? { expectedFingerprint: request.expectedFingerprint } : {}),
    });
    try {
      await this.rpc.call(
        StartSyncRunCommand.routingKey,
        { runId: run.id, options: current.settings.options },
        { timeoutMs: ACCEPT_TIMEOUT_MS },
      );
    } catch (error) {
      // The start stays queued for a planner; the ledger fails the run if none takes it in time.
      this.logger.warn({ runId: run.id, err: error }, 'no sync-planner took the run yet');
    }
    return (await this.ledger.find(run.id)) ?? run;
  }

  /** The run once it ended, or as it is after `maxMs`. */
  async waitForEnd(runId: string, maxMs: number): Promise<SyncRunRecord> {
    const started = Date.now();
    // Looked at with the plan's summary: a run has one only once its plan is
    // complete, just before it ends, so the last look is the answer.
    for (;;) {
      const run = await this.ledger.get(runId, true);
      const waited = Date.now() - started;
      if (FINAL_RUN_STATES.includes(run.state) || waited >= maxMs) return run;
      await new Promise((resolve) => setTimeout(resolve, waitPollMs(waited)));
    }
  }

  /**
   * Applies the plan a Test Settings run showed: the plan is made again and
   * applied only if it is the same (same fingerprint), otherwise refused.
   */
  async applyStoredPlan(
    testRunId: string,
    actor: string,
    allowMassDelete: boolean,
  ): Promise<SyncRunRecord> {
    const testRun = await this.ledger.find(testRunId, true);
    const fingerprint = testRun?.plan?.fingerprint;
    if (!testRun || testRun.mode !== 'test' || testRun.state !== 'succeeded' || !fingerprint) {
      throw new AppError('not-found', `no successful Test Settings run ${testRunId} to apply`);
    }
    return this.start({ mode: 'sync', actor, allowMassDelete, expectedFingerprint: fingerprint });
  }
}
