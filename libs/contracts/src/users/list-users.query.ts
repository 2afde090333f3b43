import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsInt, Min, ValidateNested } from 'class-validator';
import { StoredUser } from './stored-user';

/** sync-planner → user-store: every user, streamed in pages. */
export class ListUsersQuery {
  static readonly routingKey = 'users.list.v1' as const;

  /** Page size of the streamed reply. */
  @IsInt()
  @Min(1)
  pageSize!: number;
}

export class UserPage {
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => StoredUser)
  users!: StoredUser[];

  /** True on the last page: a stream that ends without it was cut short. */
  @IsBoolean()
  last!: boolean;
}
