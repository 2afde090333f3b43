import { Injectable } from '@nestjs/common';
import { type DirectorySettings, GetDirectorySettingsQuery } from '@dirsync/contracts';
import { openDirectorySettings, RpcClient, TransportSealer } from '@dirsync/messaging';

/** The current directory settings from config-api, secrets opened (null: none saved yet). */
@Injectable()
export class DirectorySettingsClient {
  constructor(
    private readonly rpc: RpcClient,
    private readonly sealer: TransportSealer,
  ) {}

  async fetch(): Promise<DirectorySettings | null> {
    const result = await this.rpc.call(GetDirectorySettingsQuery.routingKey, {
      audience: 'auth-gateway',
    });
    return result.settings ? openDirectorySettings(result.settings, this.sealer) : null;
  }
}
