import { Body, Controller, Get, Patch, Put } from '@nestjs/common';
import type { AdminPrincipal } from '../admin-auth/admin-principal';
import { Principal } from '../admin-auth/route-access.decorators';
import { DirectorySettingsService } from './directory-settings.service';

/** The admins' directory settings. Bodies are validated by the service (400 lists every problem). */
@Controller('directory/settings')
export class DirectorySettingsController {
  constructor(private readonly settings: DirectorySettingsService) {}

  @Get()
  get() {
    return this.settings.view();
  }

  @Put()
  replace(@Body() body: unknown, @Principal() principal: AdminPrincipal) {
    return this.settings.replace(body, principal.actor);
  }

  @Patch()
  patch(@Body() body: unknown, @Principal() principal: AdminPrincipal) {
    return this.settings.patch(body, principal.actor);
  }

  @Get('versions')
  versions() {
    return this.settings.history();
  }
}
