/**
 * The API's shapes, from the one source the services use: the contracts in
 * libs/contracts (type-only imports, erased from the bundle).
 */
import type {
  DirectorySettings,
  DirectoryWarning,
  PlanAction,
  PlanCounts,
  PlannedUserChange,
  PlanSummary,
  Privilege,
  RunChangesPage,
  RunLifecycleState,
  StoredUser,
  SyncMode,
  SyncRunRecord,
  UserDetails,
  VerifyPasswordResult,
} from '@dirsync/contracts';

export type {
  DirectorySettings,
  DirectoryWarning,
  PlanAction,
  PlanCounts,
  PlannedUserChange,
  PlanSummary,
  RunChangesPage,
  RunLifecycleState,
  StoredUser,
  SyncMode,
  SyncRunRecord,
  UserDetails,
  VerifyPasswordResult,
};

/** A privilege's wire value (`log-on`, …, `administer-directory`). */
export type PrivilegeName = `${Privilege}`;

/** GET /directory/settings: the settings with their secrets replaced by whether they are set. */
export interface SettingsView {
  version: number;
  savedBy: string;
  savedAt: string;
  settings: Omit<DirectorySettings, 'connection' | 'authentication'> & {
    connection: Omit<DirectorySettings['connection'], 'bindPassword'> & {
      bindPasswordSet: boolean;
    };
    authentication: Omit<DirectorySettings['authentication'], 'adfs'> & {
      adfs?: Omit<NonNullable<DirectorySettings['authentication']['adfs']>, 'clientSecret'> & {
        clientSecretSet: boolean;
      };
    };
  };
}

export interface SettingsVersion {
  version: number;
  savedBy: string;
  savedAt: string;
  changedFields: string[];
}

export interface PresetSummary {
  name: string;
  description: string;
}

export interface Preset extends PresetSummary {
  settings: DirectorySettings;
}

export interface SettingsWarning {
  code: string;
  severity: 'warning' | 'info';
  /** The setting it is about (`connection.acceptAllCertificates`): the form shows it there. */
  field: string;
  message: string;
}

/** POST /directory/settings/validate: what a save would say, without saving. */
export interface SettingsCheck {
  valid: boolean;
  problems: { field: string; message: string }[];
  warnings: SettingsWarning[];
}

export interface SettingsSummary {
  configured: boolean;
  warnings: SettingsWarning[];
}

/** GET /directory/dashboard. */
export interface Dashboard {
  configured: boolean;
  runHistoryAvailable?: boolean;
  lastRun: Pick<
    SyncRunRecord,
    'id' | 'mode' | 'state' | 'startedAt' | 'finishedAt' | 'counts' | 'error'
  > | null;
  /** When the scheduler starts the next Synchronize now; null without a schedule (or run history). */
  nextScheduledRunAt?: string | null;
  warnings: SettingsWarning[];
}

export interface UsersPage {
  total: number;
  users: StoredUser[];
}

export interface ApiToken {
  id: string;
  name: string;
  isAdmin: boolean;
  createdBy: string;
  createdAt: string;
  revokedAt: string | null;
}

export interface ConsoleSession {
  userName: string;
  kind: 'bootstrap' | 'directory';
  csrfToken: string;
  expiresAt: string;
}
