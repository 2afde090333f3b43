import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsInt, Min, ValidateNested } from 'class-validator';
import { SyncedUserState } from './stored-user';

/**
 * sync-planner → user-store: every user, streamed in pages, with only what a
 * plan compares (v2: v1 sent privileges and timestamps the planner never
 * read, a third of the bytes of a 100,000-user list).
 */
export class ListUsersQuery {
  static readonly routingKey = 'users.list.v2' as const;

  /** Page size of the streamed reply. */
  @IsInt()
  @Min(1)
  pageSize!: number;
}

export class UserPage {
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => SyncedUserState)
  users!: SyncedUserState[];

  /** True on the last page: a stream that ends without it was cut short. */
  @IsBoolean()
  last!: boolean;
}
