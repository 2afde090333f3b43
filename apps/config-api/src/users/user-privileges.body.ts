import { ApiProperty } from '@nestjs/swagger';
import { ALL_PRIVILEGES, IsPrivilegeList, type Privilege } from '@dirsync/contracts';

/** `PUT /users/:id/privileges`: the user's whole list of privileges (the catalogue's values). */
export class UserPrivilegesBody {
  @ApiProperty({
    enum: ALL_PRIVILEGES,
    isArray: true,
    example: ['log-on', 'read-own-archive', 'administer-directory'],
  })
  @IsPrivilegeList()
  privileges!: Privilege[];
}
