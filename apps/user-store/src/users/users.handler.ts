import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { from, type Observable } from 'rxjs';
import {
  FindUserByEmailQuery,
  FindUserQuery,
  type FindUserResult,
  GetUserQuery,
  type GetUserResult,
  ListUsersQuery,
  type UserPage,
  UsersPageQuery,
  type UsersPageResult,
} from '@dirsync/contracts';
import { paced, RpcHandler } from '@dirsync/messaging';
import { UserQueryService } from './user-query.service';

@Controller()
export class UsersHandler {
  constructor(private readonly users: UserQueryService) {}

  /** A streamed reply: one message per page. */
  @RpcHandler(ListUsersQuery.routingKey)
  list(@Payload() query: ListUsersQuery): Observable<UserPage> {
    return from(paced(this.users.pages(query.pageSize, query.since)));
  }

  @RpcHandler(UsersPageQuery.routingKey)
  page(@Payload() query: UsersPageQuery): Promise<UsersPageResult> {
    return this.users.page(query);
  }

  @RpcHandler(GetUserQuery.routingKey)
  async get(@Payload() query: GetUserQuery): Promise<GetUserResult> {
    return { user: await this.users.details(query.userId) };
  }

  @RpcHandler(FindUserQuery.routingKey)
  async find(@Payload() query: FindUserQuery): Promise<FindUserResult> {
    return { user: await this.users.findByUserName(query.userName) };
  }

  @RpcHandler(FindUserByEmailQuery.routingKey)
  async findByEmail(@Payload() query: FindUserByEmailQuery): Promise<FindUserResult> {
    return { user: await this.users.findByEmailAddress(query.emailAddress) };
  }
}
