import { Injectable } from '@nestjs/common';
import { DirectorySettingsService } from '../settings/directory-settings.service';
import { nextScheduledRunAt } from '../schedule/next-run';
import { SCHEDULER_ACTOR } from '../schedule/sync-scheduler';
import { RunLedgerClient } from '../sync/run-ledger.client';
import { settingsWarnings } from '../settings/settings-warnings';

/** How long the dashboard waits for the last run before it answers without it. */
const DASHBOARD_LEDGER_TIMEOUT_MS = 2_000;

@Injectable()
export class SummaryService {
  constructor(
    private readonly settings: DirectorySettingsService,
    private readonly runs: RunLedgerClient,
  ) {}

  async settingsSummary() {
    const current = await this.settings.withoutSecrets();
    if (!current) return { configured: false, warnings: [] };
    const { connection, users, groups, authentication, options } = current.settings;
    return {
      configured: true,
      version: current.version,
      server: `${connection.protocol}://${connection.host}${connection.port ? `:${connection.port}` : ''}`,
      baseDn: connection.baseDn || '(detected from the RootDSE)',
      users: `${users.filter ?? '(all entries)'} \u2192 user name from ${users.userNameAttribute}${users.localPartOnly ? ' (local part only)' : ''}`,
      groups:
        groups.syncGroups.length > 0
          ? `members of ${groups.syncGroups.join(', ')}`
          : 'all users (no group limits the scope)',
      authentication: authentication.method,
      autoDeleteUsers: options.autoDeleteUsers,
      defaultPrivileges: options.defaultPrivileges,
      warnings: settingsWarnings(current.settings),
    };
  }

  async dashboard() {
    const ledger = { timeoutMs: DASHBOARD_LEDGER_TIMEOUT_MS };
    const [current, history] = await Promise.all([
      this.settings.withoutSecrets(),
      // The dashboard still answers while user-store (the run ledger) is away.
      Promise.all([
        this.runs.latest(undefined, ledger),
        this.runs.latest(SCHEDULER_ACTOR, ledger),
      ]).then(
        ([run, scheduled]) => ({ run, scheduled, available: true }),
        () => ({ run: null, scheduled: null, available: false }),
      ),
    ]);
    const lastRun = history.run;
    // Computed as the scheduler does; unknown while the ledger (the last scheduled run) is away.
    const nextScheduledRun =
      current && history.available
        ? nextScheduledRunAt(
            current.settings.options.schedule,
            current.savedAt,
            history.scheduled ? new Date(history.scheduled.createdAt) : null,
          )
        : null;
    return {
      configured: current !== null,
      runHistoryAvailable: history.available,
      lastRun: lastRun
        ? {
            id: lastRun.id,
            mode: lastRun.mode,
            state: lastRun.state,
            startedAt: lastRun.startedAt,
            finishedAt: lastRun.finishedAt,
            counts: lastRun.counts,
            error: lastRun.error,
          }
        : null,
      nextScheduledRunAt: nextScheduledRun?.toISOString() ?? null,
      warnings: current ? settingsWarnings(current.settings) : [],
    };
  }
}
