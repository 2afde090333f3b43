import type { DirectorySettings } from '@dirsync/contracts';

/** What the API shows of the settings: secrets replaced by whether they are set. */
export interface DirectorySettingsView {
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

/** Settings without their secrets, as stored in the jsonb column and shown by the API. */
export function withoutSecrets(settings: DirectorySettings): Record<string, unknown> {
  const { bindPassword: _password, ...connection } = settings.connection;
  const adfs = settings.authentication.adfs;
  const authentication = adfs
    ? { ...settings.authentication, adfs: omitKey(adfs, 'clientSecret') }
    : { ...settings.authentication };
  return { ...settings, connection, authentication };
}

export function toView(
  stored: { version: number; savedBy: string; savedAt: Date; settings: Record<string, unknown> },
  secrets: { bindPasswordSet: boolean; clientSecretSet: boolean },
): DirectorySettingsView {
  const settings = structuredClone(stored.settings) as unknown as DirectorySettingsView['settings'];
  settings.connection.bindPasswordSet = secrets.bindPasswordSet;
  if (settings.authentication.adfs)
    settings.authentication.adfs.clientSecretSet = secrets.clientSecretSet;
  return {
    version: stored.version,
    savedBy: stored.savedBy,
    savedAt: stored.savedAt.toISOString(),
    settings,
  };
}

function omitKey<T extends object, K extends keyof T>(value: T, key: K): Omit<T, K> {
  const copy = { ...value };
  delete copy[key];
  return copy;
}
