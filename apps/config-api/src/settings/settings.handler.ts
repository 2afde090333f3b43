import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { type DirectorySettingsResult, GetDirectorySettingsQuery } from '@dirsync/contracts';
import { RpcHandler, sealDirectorySettings, TransportSealer } from '@dirsync/messaging';
import { DirectorySettingsService } from './directory-settings.service';

/**
 * auth-gateway and directory-reader ask for the current settings over
 * RabbitMQ; the secrets each uses are sealed for the reply, none in clear.
 */
@Controller()
export class SettingsHandler {
  constructor(
    private readonly settings: DirectorySettingsService,
    private readonly sealer: TransportSealer,
  ) {}

  @RpcHandler(GetDirectorySettingsQuery.routingKey)
  async current(@Payload() query: GetDirectorySettingsQuery): Promise<DirectorySettingsResult> {
    const current = await this.settings.withSecrets();
    return {
      settings: current
        ? sealDirectorySettings(current.settings, query.audience, this.sealer)
        : null,
      version: current?.version ?? 0,
    };
  }
}
