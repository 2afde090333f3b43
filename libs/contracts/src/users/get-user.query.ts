import { Type } from 'class-transformer';
import { IsDefined, IsUUID, ValidateNested } from 'class-validator';
import { UserDetails } from './user-details';

/** config-api → user-store: one user's details, by the store's id. Unknown: `not-found`. */
export class GetUserQuery {
  static readonly routingKey = 'users.get.v1' as const;

  @IsUUID()
  userId!: string;
}

export class GetUserResult {
  @IsDefined({ message: '$property is required' })
  @ValidateNested()
  @Type(() => UserDetails)
  user!: UserDetails;
}
