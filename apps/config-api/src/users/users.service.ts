import { Injectable } from '@nestjs/common';
import { lastValueFrom, reduce } from 'rxjs';
import {
  CreateLocalUserCommand,
  DeleteLocalUserCommand,
  ListUsersQuery,
  type StoredUser,
  type UserAuthMethod,
} from '@dirsync/contracts';
import { RpcClient } from '@dirsync/messaging';
import { AuditService } from '../audit/audit.service';

@Injectable()
export class UsersService {
  constructor(
    private readonly rpc: RpcClient,
    private readonly audit: AuditService,
  ) {}

  async list(query: { offset: number; limit: number; authMethod?: UserAuthMethod }) {
    const all = await lastValueFrom(
      this.rpc
        .stream(ListUsersQuery.routingKey, { pageSize: 1000 })
        .pipe(reduce((users, page) => users.concat(page.users), [] as StoredUser[])),
    );
    const matching = query.authMethod
      ? all.filter((user) => user.authMethod === query.authMethod)
      : all;
    return {
      total: matching.length,
      users: matching.slice(query.offset, query.offset + query.limit),
    };
  }

  async createLocal(command: CreateLocalUserCommand, actor: string) {
    const result = await this.rpc.call(CreateLocalUserCommand.routingKey, command);
    await this.audit.record(actor, 'local-user.created', [], {
      userId: result.user.id,
      userName: result.user.userName,
    });
    return result.user;
  }

  async deleteLocal(userId: string, actor: string) {
    const result = await this.rpc.call(DeleteLocalUserCommand.routingKey, { userId });
    await this.audit.record(actor, 'local-user.deleted', [], { userId });
    return result;
  }
}
