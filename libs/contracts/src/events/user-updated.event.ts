import { Type } from 'class-transformer';
import { IsArray, IsDefined, ValidateNested } from 'class-validator';
import { FieldChange } from '../sync/sync-plan';
import { EventBase } from './event-base';
import { UserSnapshot } from './user-snapshot';

export class UserUpdatedEvent extends EventBase {
  static readonly routingKey = 'user.updated.v1' as const;

  /** The user after the change. */
  @IsDefined({ message: '$property is required' })
  @ValidateNested()
  @Type(() => UserSnapshot)
  user!: UserSnapshot;

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => FieldChange)
  changes!: FieldChange[];
}
