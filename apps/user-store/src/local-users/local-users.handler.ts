import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  CreateLocalUserCommand,
  type CreateLocalUserResult,
  DeleteLocalUserCommand,
  type DeleteLocalUserResult,
} from '@dirsync/contracts';
import { RpcHandler } from '@dirsync/messaging';
import { LocalUsersService } from './local-users.service';

@Controller()
export class LocalUsersHandler {
  constructor(private readonly localUsers: LocalUsersService) {}

  @RpcHandler(CreateLocalUserCommand.routingKey)
  create(@Payload() command: CreateLocalUserCommand): Promise<CreateLocalUserResult> {
    return this.localUsers.create(command);
  }

  @RpcHandler(DeleteLocalUserCommand.routingKey)
  delete(@Payload() command: DeleteLocalUserCommand): Promise<DeleteLocalUserResult> {
    return this.localUsers.delete(command);
  }
}
