import { Injectable } from '@nestjs/common';
import {
  CreateLocalUserCommand,
  DeleteLocalUserCommand,
  GetUserQuery,
  Privilege,
  SetUserPrivilegesCommand,
  UsersPageQuery,
} from '@dirsync/contracts';
import { RpcClient } from '@dirsync/messaging';
import { AuditService } from '../audit/audit.service';
import { ConsoleSessionService } from '../console-session/console-session.service';

@Injectable()
export class UsersService {
  constructor(
    private readonly rpc: RpcClient,
    private readonly audit: AuditService,
    private readonly consoleSessions: ConsoleSessionService,
  ) {}

  /** One page, by user name; user-store counts and pages in SQL. */
  list(query: UsersPageQuery) {
    return this.rpc.call(UsersPageQuery.routingKey, query);
  }

  async details(userId: string) {
    return (await this.rpc.call(GetUserQuery.routingKey, { userId })).user;
  }

  /**
   * user-store writes the change with its user.updated.v1 event. Taking
   * `administer-directory` away also ends the user's console sessions: the
   * privilege is checked at sign-in, and an 8-hour session must not outlive it.
   */
  async setPrivileges(userId: string, privileges: Privilege[], actor: string) {
    const result = await this.rpc.call(SetUserPrivilegesCommand.routingKey, {
      userId,
      privileges,
    });
    if (!result.changed) return result.user;
    const now = new Set(result.user.privileges);
    const before = new Set(result.previousPrivileges);
    const removed = result.previousPrivileges.filter((privilege) => !now.has(privilege));
    await this.audit.record(actor, 'user.privileges-changed', ['privileges'], {
      userId,
      userName: result.user.userName,
      added: result.user.privileges.filter((privilege) => !before.has(privilege)),
      removed,
    });
    if (removed.includes(Privilege.AdministerDirectory)) {
      await this.consoleSessions.endDirectorySessionsOf(result.user.userName, actor);
    }
    return result.user;
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
