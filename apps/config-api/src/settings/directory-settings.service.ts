import { Inject, Injectable, Logger } from '@nestjs/common';
import { DirectorySettings, SettingsChangedEvent } from '@dirsync/contracts';
import { EventPublisher } from '@dirsync/messaging';
import { AppError, type FieldProblem, validatePlain } from '@dirsync/service-kit';
import { AuditService } from '../audit/audit.service';
import { SecretBox } from '../secrets/secret-box';
import { changedFields, mergePatch } from './changed-fields';
import { LDAP_SYNTAX } from './ldap-syntax.provider';
import { type LdapSyntax, settingsProblems } from './settings-rules';
import { type SettingsWarning, settingsWarnings } from './settings-warnings';
import { type DirectorySettingsView, toView, withoutSecrets } from './settings-view';
import type { SettingsVersionEntity } from './settings-version.entity';
import { SettingsRepository } from './settings.repository';

/**
 * Directory settings: validated, versioned, secrets sealed. Each save that
 * changes something is a new version with who saved it; a save without a
 * password keeps the stored one.
 */
@Injectable()
export class DirectorySettingsService {
  private readonly logger = new Logger(DirectorySettingsService.name);

  constructor(
    private readonly repository: SettingsRepository,
    private readonly secrets: SecretBox,
    private readonly audit: AuditService,
    private readonly events: EventPublisher,
    @Inject(LDAP_SYNTAX) private readonly syntax: LdapSyntax,
  ) {}

  async view(): Promise<DirectorySettingsView> {
    return this.toView(await this.requireLatest());
  }

  /** The current settings without their secrets (summaries and warnings need no password). */
  async withoutSecrets(): Promise<{
    settings: DirectorySettings;
    version: number;
    savedAt: Date;
  } | null> {
    const latest = await this.repository.latest();
    if (!latest) return null;
    return {
      settings: structuredClone(latest.settings) as unknown as DirectorySettings,
      version: latest.version,
      savedAt: latest.savedAt,
    };
  }

  /** The complete settings with secrets decrypted, for the services that bind to LDAP. */
  async withSecrets(): Promise<{ settings: DirectorySettings; version: number } | null> {
    const latest = await this.repository.latest();
    if (!latest) return null;
    const settings = structuredClone(latest.settings) as unknown as DirectorySettings;
    if (latest.bindPasswordSealed)
      settings.connection.bindPassword = this.secrets.decrypt(latest.bindPasswordSealed);
    if (latest.clientSecretSealed && settings.authentication.adfs) {
      settings.authentication.adfs.clientSecret = this.secrets.decrypt(latest.clientSecretSealed);
    }
    return { settings, version: latest.version };
  }

  async replace(body: unknown, actor: string): Promise<DirectorySettingsView> {
    return this.save(body, await this.repository.latest(), actor);
  }

  async patch(body: unknown, actor: string): Promise<DirectorySettingsView> {
    const latest = await this.requireLatest();
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      throw invalid([{ field: 'body', message: 'must be a JSON object' }]);
    }
    return this.save(mergePatch(latest.settings, body), latest, actor);
  }

  /**
   * What saving `body` (a PUT body) would say, without saving it: every
   * problem, and the warnings. The console asks while the admin edits.
   */
  async check(body: unknown): Promise<SettingsCheck> {
    const { problems } = this.validate(body, await this.repository.latest());
    const plain = body !== null && typeof body === 'object' && !Array.isArray(body) ? body : {};
    return { valid: problems.length === 0, problems, warnings: settingsWarnings(plain) };
  }

  history(limit = 100) {
    return this.repository.history(limit);
  }

  private async save(body: unknown, latest: SettingsVersionEntity | null, actor: string) {
    const { settings, problems } = this.validate(body, latest);
    if (!settings) throw invalid(problems);

    const password = this.sealedSecret(
      settings.connection.bindPassword,
      latest?.bindPasswordSealed ?? null,
    );
    const clientSecret = settings.authentication.adfs
      ? this.sealedSecret(
          settings.authentication.adfs.clientSecret,
          latest?.clientSecretSealed ?? null,
        )
      : { sealed: null, changed: Boolean(latest?.clientSecretSealed) };
    const stored = withoutSecrets(settings);
    const changed = [
      ...changedFields(latest?.settings ?? {}, stored),
      ...(password.changed ? ['connection.bindPassword'] : []),
      ...(clientSecret.changed ? ['authentication.adfs.clientSecret'] : []),
    ];
    if (latest && changed.length === 0) return this.toView(latest);

    const saved = await this.repository.save({
      settings: stored,
      bindPasswordSealed: password.sealed,
      clientSecretSealed: clientSecret.sealed,
      savedBy: actor,
      changedFields: changed,
    });
    await this.audit.record(actor, 'directory-settings.saved', changed, { version: saved.version });
    await this.announce(saved.version, changed);
    return this.toView(saved);
  }

  /**
   * After the save committed: auth-gateway caches the settings until this
   * event. The save stands when the broker refuses it: with the broker down
   * the gateways lost their subscription too and read the settings again
   * once it is back; any other refusal is logged as an error.
   */
  private async announce(version: number, changedFields: string[]): Promise<void> {
    try {
      await this.events.publish(SettingsChangedEvent.routingKey, { version, changedFields });
    } catch (error) {
      this.logger.error(
        { err: error, version },
        'settings.changed.v1 could not be published; auth-gateway instances keep the settings they cached until their broker connection is renewed',
      );
    }
  }

  /** The same checks for a save and for `check`: the contract's decorators, then the rules. */
  private validate(
    body: unknown,
    latest: SettingsVersionEntity | null,
  ): { settings: DirectorySettings; problems: [] } | { settings: null; problems: FieldProblem[] } {
    const checked = validatePlain(DirectorySettings, body);
    if (checked.problems.length > 0) return { settings: null, problems: checked.problems };
    const settings = checked.value as DirectorySettings;
    const problems = settingsProblems(settings, this.syntax, {
      storedBindPassword: Boolean(latest?.bindPasswordSealed),
    });
    return problems.length > 0 ? { settings: null, problems } : { settings, problems: [] };
  }

  /** A new secret is sealed; none given keeps the stored one. */
  private sealedSecret(given: string | undefined, stored: string | null) {
    if (!given) return { sealed: stored, changed: false };
    const changed = stored === null || this.secrets.decrypt(stored) !== given;
    return { sealed: changed ? this.secrets.encrypt(given) : stored, changed };
  }

  private async requireLatest(): Promise<SettingsVersionEntity> {
    const latest = await this.repository.latest();
    if (!latest) {
      throw new AppError(
        'not-found',
        'no directory settings are saved yet: PUT /api/v1/directory/settings first',
      );
    }
    return latest;
  }

  private toView(row: SettingsVersionEntity): DirectorySettingsView {
    return toView(row, {
      bindPasswordSet: Boolean(row.bindPasswordSealed),
      clientSecretSet: Boolean(row.clientSecretSealed),
    });
  }
}

/** The answer of `POST /directory/settings/validate`. */
export interface SettingsCheck {
  valid: boolean;
  problems: FieldProblem[];
  warnings: SettingsWarning[];
}

function invalid(problems: FieldProblem[]): AppError {
  const fields = [...new Set(problems.map((problem) => problem.field))].join(', ');
  return new AppError('invalid-settings', `the directory settings are invalid: ${fields}`, {
    details: problems,
  });
}
