import { Injectable } from '@nestjs/common';
import { type DirectorySettings, GetDirectorySettingsQuery } from '@dirsync/contracts';
import { openDirectorySettings, RpcClient, TransportSealer } from '@dirsync/messaging';
import { AppError } from '@dirsync/service-kit';

/**
 * The settings a run reads with, from config-api: they are asked for here,
 * where the service account's password is used, rather than carried by the
 * run's messages through sync-planner. The service account's password
 * arrives sealed for this reply (TRANSPORT_SEALING_KEYS) and is opened here.
 */
@Injectable()
export class RunSettingsClient {
  constructor(
    private readonly rpc: RpcClient,
    private readonly sealer: TransportSealer,
  ) {}

  /** The settings of `version`; a run whose settings changed since it started fails. */
  async forVersion(version: number): Promise<DirectorySettings> {
    const current = await this.rpc.call(GetDirectorySettingsQuery.routingKey, {
      audience: 'directory-reader',
    });
    if (!current.settings) {
      throw new AppError('directory-not-configured', 'no directory settings have been saved yet');
    }
    if (current.version !== version) {
      throw new AppError(
        'settings-changed',
        `the settings changed while the run started (version ${version} → ${current.version}): nothing was read; run again`,
      );
    }
    return openDirectorySettings(current.settings, this.sealer);
  }
}
