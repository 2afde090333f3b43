import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
} from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CreateLocalUserCommand } from '@dirsync/contracts';
import type { AdminPrincipal } from '../admin-auth/admin-principal';
import { Principal } from '../admin-auth/route-access.decorators';
import { UsersService } from './users.service';

/** The user store as admins see it: synchronized users, plus users added by hand (`local`). */
@ApiTags('users')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @ApiOperation({ summary: 'List users (directory and local), by user name' })
  @Get()
  list(
    @Query('offset') offset?: string,
    @Query('limit') limit?: string,
    @Query('authMethod') authMethod?: string,
  ) {
    return this.users.list({
      offset: Math.max(Number(offset) || 0, 0),
      limit: Math.min(Math.max(Number(limit) || 100, 1), 1000),
      ...(authMethod === 'directory' || authMethod === 'local' ? { authMethod } : {}),
    });
  }

  @ApiOperation({ summary: 'Add a local user (never changed or deleted by a sync)' })
  @Post()
  create(@Body() body: CreateLocalUserCommand, @Principal() principal: AdminPrincipal) {
    return this.users.createLocal(body, principal.actor);
  }

  @ApiOperation({ summary: 'Delete a local user; the archive folder stays' })
  @Delete(':id')
  @HttpCode(200)
  delete(@Param('id', new ParseUUIDPipe()) id: string, @Principal() principal: AdminPrincipal) {
    return this.users.deleteLocal(id, principal.actor);
  }
}
