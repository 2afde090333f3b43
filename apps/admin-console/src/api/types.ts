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
  Privilege,
  RunPhase,
  StoredUser,
  SyncMode,
  VerifyPasswordResult,
} from '@dirsync/contracts';

export type {
  DirectorySettings,
  DirectoryWarning,
  PlanAction,
  PlanCounts,
  PlannedUserChange,
  StoredUser,
  SyncMode,
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
  message: string;
}

export interface SettingsSummary {
  configured: boolean;
  warnings: SettingsWarning[];
}

export type RunLifecycleState = 'queued' | 'running' | 'succeeded' | 'failed';

/**
 * A run as the run API answers it (`POST /directory/test`, `/sync`,
 * `GET /directory/runs/:id`): the run ledger's record, with the plan once
 * planned. Mirrors SyncRunRecord of the run ledger's contracts.
 */
export interface RunRecord {
  id: string;
  mode: SyncMode;
  state: RunLifecycleState;
  requestedBy: string;
  settingsVersion: number;
  createdAt: string;
  startedAt?: string | null;
  finishedAt?: string | null;
  progress?: {
    phase: RunPhase;
    usersRead: number;
    changesPlanned?: number;
    changesApplied?: number;
  } | null;
  counts?: PlanCounts | null;
  error?: { code: string; message: string } | null;
  applied: boolean;
  plan?: {
    fingerprint: string;
    counts: PlanCounts;
    changes: PlannedUserChange[];
    warnings: DirectoryWarning[];
  } | null;
}

export interface Dashboard {
  configured: boolean;
  runHistoryAvailable?: boolean;
  lastRun: Pick<
    RunRecord,
    'id' | 'mode' | 'state' | 'startedAt' | 'finishedAt' | 'counts' | 'error'
  > | null;
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
