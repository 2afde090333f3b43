import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { SetUserPrivilegesCommand, type SetUserPrivilegesResult } from '@dirsync/contracts';
import { RpcHandler } from '@dirsync/messaging';
import { UserPrivilegesService } from './user-privileges.service';

@Controller()
export class UserPrivilegesHandler {
  constructor(private readonly privileges: UserPrivilegesService) {}

  @RpcHandler(SetUserPrivilegesCommand.routingKey)
  set(@Payload() command: SetUserPrivilegesCommand): Promise<SetUserPrivilegesResult> {
    return this.privileges.set(command);
  }
}
