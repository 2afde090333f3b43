import { Type } from 'class-transformer';
import { IsOptional, IsString, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { NoControlCharacters } from '../validation/no-control-characters';
import { StoredUser } from './stored-user';

/** auth-gateway → user-store: the user with this name (case-insensitive), if any. */
export class FindUserQuery {
  static readonly routingKey = 'users.find.v1' as const;

  @IsString()
  @MinLength(1)
  @MaxLength(512)
  @NoControlCharacters()
  userName!: string;
}

export class FindUserResult {
  @IsOptional()
  @ValidateNested()
  @Type(() => StoredUser)
  user!: StoredUser | null;
}
