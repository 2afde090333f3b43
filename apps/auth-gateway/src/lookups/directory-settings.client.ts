import { Injectable } from '@nestjs/common';
import { type DirectorySettings, GetDirectorySettingsQuery } from '@dirsync/contracts';
import { RpcClient } from '@dirsync/messaging';
import { AppError } from '@dirsync/service-kit';

/**
 * The current directory settings from config-api, asked on every sign-in:
 * a changed password of the service account or a switch to AD FS applies at
 * once, and one request over RabbitMQ costs about a millisecond.
 */
@Injectable()
export class DirectorySettingsClient {
  constructor(private readonly rpc: RpcClient) {}

  async current(): Promise<DirectorySettings> {
    const result = await this.rpc.call(GetDirectorySettingsQuery.routingKey, {});
    if (!result.settings) {
      throw new AppError('directory-not-configured', 'no directory settings have been saved yet');
    }
    return result.settings;
  }
}
