import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  isErrorCode,
  StartSyncRunCommand,
  type SyncMode,
  type SyncRunReport,
} from '@dirsync/contracts';
import { MESSAGING_OPTIONS, type MessagingOptions, RpcClient } from '@dirsync/messaging';
import { AppError } from '@dirsync/service-kit';
import { DirectorySettingsService } from '../settings/directory-settings.service';
import { SyncRunsRepository } from './sync-runs.repository';

@Injectable()
export class SyncService {
  constructor(
    private readonly settings: DirectorySettingsService,
    private readonly runs: SyncRunsRepository,
    private readonly rpc: RpcClient,
    @Inject(MESSAGING_OPTIONS) private readonly messaging: MessagingOptions,
  ) {}

  /**
   * Runs Test Settings or Synchronize now with the saved settings and records
   * the run. A failed run is an error answer that carries its report.
   */
  async run(
    mode: SyncMode,
    actor: string,
    allowMassDelete: boolean,
    expectedFingerprint?: string,
  ): Promise<SyncRunReport> {
    const current = await this.settings.withSecrets();
    if (!current) {
      throw new AppError(
        'not-found',
        'no directory settings are saved yet: PUT /api/v1/directory/settings first',
      );
    }
    const runId = randomUUID();
    await this.runs.failAbandoned(new Date(Date.now() - 2 * this.messaging.rpcTimeoutMs));
    await this.runs.start({
      id: runId,
      mode,
      requestedBy: actor,
      settingsVersion: current.version,
    });

    let report: SyncRunReport;
    try {
      report = await this.rpc.call(StartSyncRunCommand.routingKey, {
        runId,
        mode,
        settings: current.settings,
        requestedBy: actor,
        allowMassDelete,
        ...(expectedFingerprint ? { expectedFingerprint } : {}),
      });
    } catch (error) {
      const failure =
        error instanceof AppError
          ? error
          : new AppError('internal-error', 'the run failed', { cause: error });
      await this.runs.finish(runId, null, { code: failure.code, message: failure.message });
      throw failure;
    }
    await this.runs.finish(runId, report, null);
    if (report.state === 'failed') {
      const code = report.error?.code;
      throw new AppError(
        isErrorCode(code) ? code : 'sync-failed',
        report.error?.message ?? 'the run failed',
        {
          details: { report },
        },
      );
    }
    return report;
  }

  /**
   * Applies the plan a Test Settings run showed: the plan is made again and
   * applied only if it is the same (same fingerprint), otherwise refused.
   */
  async applyStoredPlan(
    testRunId: string,
    actor: string,
    allowMassDelete: boolean,
  ): Promise<SyncRunReport> {
    const testRun = await this.runs.findOne(testRunId);
    const fingerprint = testRun?.report?.plan?.fingerprint;
    if (!testRun || testRun.mode !== 'test' || testRun.state !== 'succeeded' || !fingerprint) {
      throw new AppError('not-found', `no successful Test Settings run ${testRunId} to apply`);
    }
    return this.run('sync', actor, allowMassDelete, fingerprint);
  }
}
