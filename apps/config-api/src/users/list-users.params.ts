import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import {
  NoControlCharacters,
  MAX_USERS_PAGE_LIMIT,
  MAX_USERS_PAGE_OFFSET,
  USER_AUTH_METHODS,
  type UserAuthMethod,
} from '@dirsync/contracts';

/** `GET /users?offset=&limit=&authMethod=&q=`; a bad value is a 400 naming the parameter. */
export class ListUsersParams {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_USERS_PAGE_OFFSET)
  offset?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_USERS_PAGE_LIMIT)
  limit?: number;

  @IsOptional()
  @IsIn(USER_AUTH_METHODS)
  authMethod?: UserAuthMethod;

  /** Search: part of a user name, full name or e-mail address. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @NoControlCharacters()
  q?: string;
}
