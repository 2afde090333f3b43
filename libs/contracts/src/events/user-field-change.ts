import { Allow, IsIn } from 'class-validator';
import { USER_FIELDS, type UserFieldValue } from '../sync/sync-plan';

/**
 * The fields a user event may say changed: the directory's (a sync's
 * changes) and `privileges` (an admin's). Plans never carry `privileges`:
 * a sync does not change the privileges of a user it did not create.
 */
export const USER_EVENT_FIELDS = [...USER_FIELDS, 'privileges'] as const;
export type UserEventField = (typeof USER_EVENT_FIELDS)[number];

/** One changed field of a user event, with its value before and after. */
export class UserFieldChange {
  @IsIn(USER_EVENT_FIELDS)
  field!: UserEventField;

  @Allow()
  old!: UserFieldValue;

  @Allow()
  new!: UserFieldValue;
}
