import { Controller } from '@nestjs/common';
import { GetDirectorySettingsQuery } from '@dirsync/contracts';
import { RpcHandler } from '@dirsync/messaging';
import { DirectorySettingsService } from './directory-settings.service';

/** Other services (auth-gateway) ask for the current settings, secrets included, over RabbitMQ. */
@Controller()
export class SettingsHandler {
  constructor(private readonly settings: DirectorySettingsService) {}

  @RpcHandler(GetDirectorySettingsQuery.routingKey)
  async current() {
    const current = await this.settings.withSecrets();
    return { settings: current?.settings ?? null, version: current?.version ?? 0 };
  }
}
