import { Type } from 'class-transformer';
import { IsArray, ValidateNested } from 'class-validator';
import { FieldChange } from '../sync/sync-plan';
import { EventBase } from './event-base';
import { UserSnapshot } from './user-snapshot';

export class UserUpdatedEvent extends EventBase {
  static readonly routingKey = 'user.updated.v1' as const;

  /** The user after the change. */
  @ValidateNested()
  @Type(() => UserSnapshot)
  user!: UserSnapshot;

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => FieldChange)
  changes!: FieldChange[];
}
