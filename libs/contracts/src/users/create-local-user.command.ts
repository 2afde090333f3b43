import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDefined,
  IsEmail,
  IsEnum,
  IsOptional,
  IsString,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { Privilege } from '../settings/privilege';
import { NoControlCharacters } from '../validation/no-control-characters';
import { StoredUser } from './stored-user';

/**
 * admin API → user-store: add a user by hand (`local`). A sync never changes
 * or deletes such a user; a directory user with the same name is a conflict.
 */
export class CreateLocalUserCommand {
  static readonly routingKey = 'users.create-local.v1' as const;

  /** Unique case-insensitively across all users, local and directory. */
  @IsString()
  @MinLength(1)
  @MaxLength(512)
  @NoControlCharacters()
  userName!: string;

  @IsOptional()
  @IsString()
  @MaxLength(512)
  @NoControlCharacters()
  fullName!: string | null;

  /** The primary address first; each address belongs to at most one user. */
  @IsArray()
  @ArrayMaxSize(100)
  @IsEmail({ require_tld: false }, { each: true })
  emailAddresses!: string[];

  @IsArray()
  @IsEnum(Privilege, { each: true })
  privileges!: Privilege[];
}

export class CreateLocalUserResult {
  @IsDefined({ message: '$property is required' })
  @ValidateNested()
  @Type(() => StoredUser)
  user!: StoredUser;
}
