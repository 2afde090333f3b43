import { Type } from 'class-transformer';
import { IsBoolean, IsDefined, IsEnum, IsUUID, ValidateNested } from 'class-validator';
import { Privilege } from '../settings/privilege';
import { IsPrivilegeList } from '../validation/privilege-list';
import { UserDetails } from './user-details';

/**
 * admin API → user-store: a user's privileges, set by an admin (directory
 * or local user alike). The list replaces the user's privileges; a change
 * is written with its `user.updated.v1` event in one transaction. A later
 * sync keeps them: a sync gives privileges only to the users it creates.
 */
export class SetUserPrivilegesCommand {
  static readonly routingKey = 'users.set-privileges.v1' as const;

  @IsUUID()
  userId!: string;

  @IsPrivilegeList()
  privileges!: Privilege[];
}

export class SetUserPrivilegesResult {
  /** The user after the change. */
  @IsDefined({ message: '$property is required' })
  @ValidateNested()
  @Type(() => UserDetails)
  user!: UserDetails;

  /** What the user had before (for the audit record). */
  @IsEnum(Privilege, { each: true })
  previousPrivileges!: Privilege[];

  /** False when the list was what the user had already: nothing was written, no event. */
  @IsBoolean()
  changed!: boolean;
}
