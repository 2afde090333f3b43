import { Injectable } from '@nestjs/common';
import { type DirectorySettings, GetDirectorySettingsQuery } from '@dirsync/contracts';
import { RpcClient } from '@dirsync/messaging';

/** The current directory settings, secrets included, from config-api (null: none saved yet). */
@Injectable()
export class DirectorySettingsClient {
  constructor(private readonly rpc: RpcClient) {}

  async fetch(): Promise<DirectorySettings | null> {
    const result = await this.rpc.call(GetDirectorySettingsQuery.routingKey, {});
    return result.settings ?? null;
  }
}
