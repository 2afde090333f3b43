import { IsPrivilegeList, type Privilege } from '@dirsync/contracts';

/** `PUT /users/:id/privileges`: the user's whole list of privileges (the catalogue's values). */
export class UserPrivilegesBody {
  @IsPrivilegeList()
  privileges!: Privilege[];
}
