import { Type } from 'class-transformer';
import {
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { NoControlCharacters } from '../validation/no-control-characters';
import { StoredUser, USER_AUTH_METHODS, type UserAuthMethod } from './stored-user';

/** The most users one page of the admin list holds. */
export const MAX_USERS_PAGE_LIMIT = 1000;
/** PostgreSQL's OFFSET is a bigint; far more users than any store holds, well inside it. */
export const MAX_USERS_PAGE_OFFSET = 2_147_483_647;

/** config-api → user-store: one page of users for an admin, by user name. */
export class UsersPageQuery {
  static readonly routingKey = 'users.page.v1' as const;

  @IsInt()
  @Min(0)
  @Max(MAX_USERS_PAGE_OFFSET)
  offset!: number;

  @IsInt()
  @Min(1)
  @Max(MAX_USERS_PAGE_LIMIT)
  limit!: number;

  /** Only directory or only local users; both when absent. */
  @IsOptional()
  @IsIn(USER_AUTH_METHODS)
  authMethod?: UserAuthMethod;

  /** Only users whose user name, full name or an e-mail address contains this (case-insensitively). */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @NoControlCharacters()
  q?: string;
}

export class UsersPageResult {
  /** How many users match, over all pages. */
  @IsInt()
  @Min(0)
  total!: number;

  /** Ordered by user name, case-insensitively. */
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => StoredUser)
  users!: StoredUser[];
}
