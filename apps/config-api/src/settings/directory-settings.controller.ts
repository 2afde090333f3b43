import { Body, Controller, Get, HttpCode, Patch, Post, Put } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DirectorySettings } from '@dirsync/contracts';
import { DIRECTORY_PRESETS } from '../presets/directory-presets';
import type { AdminPrincipal } from '../admin-auth/admin-principal';
import { Principal } from '../admin-auth/route-access.decorators';
import { DirectorySettingsService } from './directory-settings.service';
import { SettingsCheckView } from './settings-check.view';

/** The admins' directory settings. Bodies are validated by the service (400 lists every problem). */
const example = (name: string) => ({
  value: {
    ...DIRECTORY_PRESETS[name]?.settings,
    connection: {
      ...DIRECTORY_PRESETS[name]?.settings.connection,
      bindPassword: 'MySecretPassword',
    },
  },
});

@ApiTags('directory settings')
@Controller('directory/settings')
export class DirectorySettingsController {
  constructor(private readonly settings: DirectorySettingsService) {}

  @ApiOperation({
    summary: 'The current settings (secrets shown only as bindPasswordSet / clientSecretSet)',
  })
  @Get()
  get() {
    return this.settings.view();
  }

  @ApiOperation({
    summary:
      'Save the whole settings as a new version; without bindPassword the stored one is kept',
  })
  @ApiBody({
    type: DirectorySettings,
    examples: { openldap: example('openldap'), 'active-directory': example('active-directory') },
  })
  @Put()
  replace(@Body() body: unknown, @Principal() principal: AdminPrincipal) {
    return this.settings.replace(body, principal.actor);
  }

  @ApiOperation({
    summary: 'Change some fields (a JSON merge patch); the result is validated whole',
  })
  @ApiBody({
    schema: { type: 'object' },
    examples: { 'turn on auto-delete': { value: { options: { autoDeleteUsers: true } } } },
  })
  @Patch()
  patch(@Body() body: unknown, @Principal() principal: AdminPrincipal) {
    return this.settings.patch(body, principal.actor);
  }

  @ApiOperation({
    summary:
      'Check settings without saving them: every problem a PUT would refuse, and the warnings (each with its field)',
  })
  @ApiBody({
    type: DirectorySettings,
    examples: { openldap: example('openldap'), 'active-directory': example('active-directory') },
  })
  @ApiOkResponse({ type: SettingsCheckView })
  @Post('validate')
  @HttpCode(200)
  validate(@Body() body: unknown) {
    return this.settings.check(body);
  }

  @ApiOperation({ summary: 'Who saved which version when, and which fields changed' })
  @Get('versions')
  versions() {
    return this.settings.history();
  }
}
