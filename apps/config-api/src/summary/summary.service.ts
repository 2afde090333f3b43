import { Injectable } from '@nestjs/common';
import { DirectorySettingsService } from '../settings/directory-settings.service';
import { RunLedgerClient } from '../sync/run-ledger.client';
import { settingsWarnings } from './settings-warnings';

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
    const [current, lastRun] = await Promise.all([
      this.settings.withoutSecrets(),
      this.runs.latest(),
    ]);
    return {
      configured: current !== null,
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
      warnings: current ? settingsWarnings(current.settings) : [],
    };
  }
}
