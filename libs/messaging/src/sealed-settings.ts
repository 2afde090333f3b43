import {
  type DirectorySettings,
  GetDirectorySettingsQuery,
  SEALED_SETTINGS_PURPOSES,
  type SealedAdfsSettings,
  type SealedDirectorySettings,
  type SettingsAudience,
} from '@dirsync/contracts';
import type { TransportSealer } from './transport-sealer';

const routingKey = GetDirectorySettingsQuery.routingKey;
const bindPassword = { routingKey, purpose: SEALED_SETTINGS_PURPOSES.bindPassword };
const clientSecret = { routingKey, purpose: SEALED_SETTINGS_PURPOSES.clientSecret };

/**
 * config-api's side of `settings.directory.get.v1`: the settings with every
 * secret the audience uses sealed, and no secret in clear. directory-reader
 * binds as the service account but never signs anyone in through AD FS, so
 * it gets no client secret at all.
 */
export function sealDirectorySettings(
  settings: DirectorySettings,
  audience: SettingsAudience,
  sealer: TransportSealer,
): SealedDirectorySettings {
  const { bindPassword: password, ...connection } = settings.connection;
  const { adfs, ...authentication } = settings.authentication;
  let sealedAdfs: SealedAdfsSettings | undefined;
  if (adfs) {
    const { clientSecret: secret, ...rest } = adfs;
    sealedAdfs =
      secret === undefined || audience !== 'auth-gateway'
        ? rest
        : { ...rest, clientSecretSealed: sealer.seal(secret, clientSecret) };
  }
  return {
    ...settings,
    connection:
      password === undefined
        ? connection
        : { ...connection, bindPasswordSealed: sealer.seal(password, bindPassword) },
    authentication: sealedAdfs ? { ...authentication, adfs: sealedAdfs } : authentication,
  };
}

/** The receiver's side: the settings with their secrets opened (`sealed-value-refused` if one cannot be). */
export function openDirectorySettings(
  sealed: SealedDirectorySettings,
  sealer: TransportSealer,
): DirectorySettings {
  const { bindPasswordSealed, ...connection } = sealed.connection;
  const { adfs, ...authentication } = sealed.authentication;
  let openedAdfs: DirectorySettings['authentication']['adfs'];
  if (adfs) {
    const { clientSecretSealed, ...rest } = adfs;
    openedAdfs =
      clientSecretSealed === undefined
        ? rest
        : { ...rest, clientSecret: sealer.open(clientSecretSealed, clientSecret) };
  }
  return {
    ...sealed,
    connection:
      bindPasswordSealed === undefined
        ? connection
        : { ...connection, bindPassword: sealer.open(bindPasswordSealed, bindPassword) },
    authentication: openedAdfs ? { ...authentication, adfs: openedAdfs } : authentication,
  };
}
