import { Type } from 'class-transformer';
import { IsArray, IsDefined, ValidateNested } from 'class-validator';
import { EventBase } from './event-base';
import { UserFieldChange } from './user-field-change';
import { UserSnapshot } from './user-snapshot';

/** A user changed: by a sync (directory fields, `runId` set) or by an admin (privileges, `runId` null). */
export class UserUpdatedEvent extends EventBase {
  static readonly routingKey = 'user.updated.v1' as const;

  /** The user after the change. */
  @IsDefined({ message: '$property is required' })
  @ValidateNested()
  @Type(() => UserSnapshot)
  user!: UserSnapshot;

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => UserFieldChange)
  changes!: UserFieldChange[];
}
