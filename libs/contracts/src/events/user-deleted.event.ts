import { Type } from 'class-transformer';
import { IsDefined, IsOptional, IsString, ValidateNested } from 'class-validator';
import { EventBase } from './event-base';
import { UserSnapshot } from './user-snapshot';

/** The user entry is gone; its archive folder stays, no longer owned. */
export class UserDeletedEvent extends EventBase {
  static readonly routingKey = 'user.deleted.v1' as const;

  @IsDefined({ message: '$property is required' })
  @ValidateNested()
  @Type(() => UserSnapshot)
  user!: UserSnapshot;

  @IsOptional()
  @IsString()
  archiveFolderId!: string | null;

  @IsString()
  reason!: string;
}
