import { ApiTags } from '@nestjs/swagger';
import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { uuidParam } from '@dirsync/service-kit';
import type { AdminPrincipal } from './admin-principal';
import { ApiTokenService, CreateApiTokenDto } from './api-token.service';
import { Principal } from './route-access.decorators';

@ApiTags('API tokens')
@Controller('admin/tokens')
export class ApiTokensController {
  constructor(private readonly tokens: ApiTokenService) {}

  /** The token is in this answer only; keep it. */
  @Post()
  create(@Body() body: CreateApiTokenDto, @Principal() principal: AdminPrincipal) {
    return this.tokens.create(body, principal.actor);
  }

  @Get()
  list() {
    return this.tokens.list();
  }

  @Delete(':id')
  @HttpCode(204)
  revoke(@Param('id', uuidParam('id')) id: string, @Principal() principal: AdminPrincipal) {
    return this.tokens.revoke(id, principal.actor);
  }
}
