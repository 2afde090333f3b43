import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { uuidParam } from '@dirsync/service-kit';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CreateLocalUserCommand } from '@dirsync/contracts';
import type { AdminPrincipal } from '../admin-auth/admin-principal';
import { Principal } from '../admin-auth/route-access.decorators';
import { ListUsersParams } from './list-users.params';
import { UserPrivilegesBody } from './user-privileges.body';
import { UsersService } from './users.service';

/** The contracts' UserDetails, as class-validator-jsonschema puts it in the document. */
const userDetails = () => ({ schema: { $ref: '#/components/schemas/UserDetails' } });

/** The user store as admins see it: synchronized users, plus users added by hand (`local`). */
@ApiTags('users')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @ApiOperation({
    summary:
      'List users (directory and local) by user name: ?offset=0&limit=100&authMethod=&q= (search)',
  })
  @Get()
  list(@Query() params: ListUsersParams) {
    return this.users.list({
      offset: params.offset ?? 0,
      limit: params.limit ?? 100,
      ...(params.authMethod ? { authMethod: params.authMethod } : {}),
      ...(params.q?.trim() ? { q: params.q.trim() } : {}),
    });
  }

  @ApiOperation({
    summary: 'One user: e-mail addresses, privileges, DN, stable id, archive folder',
  })
  @ApiOkResponse(userDetails())
  @Get(':id')
  details(@Param('id', uuidParam('id')) id: string) {
    return this.users.details(id);
  }

  @ApiOperation({
    summary:
      "Set a user's privileges (the whole list); a later sync keeps them. Announced as user.updated.v1",
  })
  @ApiOkResponse(userDetails())
  @Put(':id/privileges')
  setPrivileges(
    @Param('id', uuidParam('id')) id: string,
    @Body() body: UserPrivilegesBody,
    @Principal() principal: AdminPrincipal,
  ) {
    return this.users.setPrivileges(id, body.privileges, principal.actor);
  }

  @ApiOperation({ summary: 'Add a local user (never changed or deleted by a sync)' })
  @Post()
  create(@Body() body: CreateLocalUserCommand, @Principal() principal: AdminPrincipal) {
    return this.users.createLocal(body, principal.actor);
  }

  @ApiOperation({ summary: 'Delete a local user; the archive folder stays' })
  @Delete(':id')
  @HttpCode(200)
  delete(@Param('id', uuidParam('id')) id: string, @Principal() principal: AdminPrincipal) {
    return this.users.deleteLocal(id, principal.actor);
  }
}
