import { Type } from 'class-transformer';
import { IsArray, IsDefined, IsOptional, IsString, ValidateNested } from 'class-validator';
import { FieldChange } from '../sync/sync-plan';
import { EventBase } from './event-base';
import { UserSnapshot } from './user-snapshot';

/** Same person (same stable id), new user name and/or DN (moved to another OU). */
export class UserRenamedEvent extends EventBase {
  static readonly routingKey = 'user.renamed.v1' as const;

  @IsDefined({ message: '$property is required' })
  @ValidateNested()
  @Type(() => UserSnapshot)
  user!: UserSnapshot;

  @IsString()
  previousUserName!: string;

  @IsOptional()
  @IsString()
  previousDn!: string | null;

  /** Every changed field, the user name and DN included (a rename may change more). */
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => FieldChange)
  changes?: FieldChange[];
}
