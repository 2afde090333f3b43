import { Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Min,
  ValidateNested,
} from 'class-validator';
import { SyncedUserState } from './stored-user';

/** How a mark looks: user-store's own, handed back as it came. */
export const USER_LIST_MARK = /^\d{1,20}:\d{1,20}$/;

/**
 * sync-planner → user-store: the users of the store, streamed in pages, with
 * only what a plan compares (v2: v1 sent privileges and timestamps the
 * planner never read, a third of the bytes of a 100,000-user list).
 *
 * With `since` (the mark of an earlier list), only what changed after that
 * list: the users written since and the ids of those removed since
 * (`delta: true`), for a planner that keeps a mirror of the store. When the
 * store cannot say (the mark is too old, from another database, or the
 * users were truncated since), the reply is the whole store (`delta: false`).
 */
export class ListUsersQuery {
  static readonly routingKey = 'users.list.v2' as const;

  /** Page size of the streamed reply. */
  @IsInt()
  @Min(1)
  pageSize!: number;

  @IsOptional()
  @IsString()
  @Matches(USER_LIST_MARK)
  since?: string;
}

export class UserPage {
  /** False: these pages are the whole store. True: only the users written since the mark. */
  @IsBoolean()
  delta!: boolean;

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => SyncedUserState)
  users!: SyncedUserState[];

  /** With `delta`, users deleted since the mark. */
  @IsArray()
  @IsString({ each: true })
  removedIds!: string[];

  /** True on the last page: a stream that ends without it was cut short. */
  @IsBoolean()
  last!: boolean;

  /** On the last page: pass it as `since` to get what changes after this list. */
  @IsOptional()
  @IsString()
  @Matches(USER_LIST_MARK)
  mark?: string;
}
