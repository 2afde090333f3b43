import { Type } from 'class-transformer';
import { IsOptional, IsString, ValidateNested } from 'class-validator';
import { EventBase } from './event-base';
import { UserSnapshot } from './user-snapshot';

/** Same person (same stable id), new user name and/or DN (moved to another OU). */
export class UserRenamedEvent extends EventBase {
  static readonly routingKey = 'user.renamed.v1' as const;

  @ValidateNested()
  @Type(() => UserSnapshot)
  user!: UserSnapshot;

  @IsString()
  previousUserName!: string;

  @IsOptional()
  @IsString()
  previousDn!: string | null;
}
