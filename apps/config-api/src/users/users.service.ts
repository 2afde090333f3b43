import { Injectable } from '@nestjs/common';
import { CreateLocalUserCommand, DeleteLocalUserCommand, UsersPageQuery } from '@dirsync/contracts';
import { RpcClient } from '@dirsync/messaging';
import { AuditService } from '../audit/audit.service';

@Injectable()
export class UsersService {
  constructor(
    private readonly rpc: RpcClient,
    private readonly audit: AuditService,
  ) {}

  /** One page, by user name; user-store counts and pages in SQL. */
  list(query: UsersPageQuery) {
    return this.rpc.call(UsersPageQuery.routingKey, query);
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
