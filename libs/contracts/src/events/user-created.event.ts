import { Type } from 'class-transformer';
import { IsDefined, ValidateNested } from 'class-validator';
import { EventBase } from './event-base';
import { UserSnapshot } from './user-snapshot';

export class UserCreatedEvent extends EventBase {
  static readonly routingKey = 'user.created.v1' as const;

  @IsDefined({ message: '$property is required' })
  @ValidateNested()
  @Type(() => UserSnapshot)
  user!: UserSnapshot;
}
