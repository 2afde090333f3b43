import type { FieldChange, StoredUser } from '@dirsync/contracts';

/** A checked change to an existing directory user: the state before and after, and what differs. */
export interface UserChange {
  /** `rename` when the user name or DN changes (same person), `update` otherwise. */
  action: 'update' | 'rename';
  before: StoredUser;
  after: StoredUser;
  fieldChanges: FieldChange[];
}

/** A user to delete, as stored, and why (it goes into the `user.deleted.v1` event). */
export interface UserRemoval {
  user: StoredUser;
  reason: string;
}
