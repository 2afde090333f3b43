import {
  type FieldChange,
  type SnapshotSource,
  type StoredUser,
  toUserSnapshot,
  type UserFieldChange,
} from '@dirsync/contracts';
import { outboxMessage } from './outbox-message';

/**
 * The events that tell other services about a change to a user, one per
 * change. `runId` names the sync run that made it; null for an admin's change.
 */
export const userEvents = {
  created: (user: SnapshotSource, runId: string | null) =>
    outboxMessage('user.created.v1', { user: toUserSnapshot(user), runId }),

  /** `user` is the state after the change; `changes` lists each field with old and new value. */
  updated: (user: StoredUser, changes: UserFieldChange[], runId: string | null) =>
    outboxMessage('user.updated.v1', { user: toUserSnapshot(user), changes, runId }),

  /** A rename may change other fields too: `user` carries the whole state after it. */
  renamed: (before: StoredUser, after: StoredUser, changes: FieldChange[], runId: string | null) =>
    outboxMessage('user.renamed.v1', {
      user: toUserSnapshot(after),
      previousUserName: before.userName,
      previousDn: before.dn,
      changes,
      runId,
    }),

  /** `user` is the state before the deletion; the archive folder stays, no longer owned. */
  deleted: (
    user: StoredUser,
    archiveFolderId: string | null,
    reason: string,
    runId: string | null,
  ) =>
    outboxMessage('user.deleted.v1', {
      user: toUserSnapshot(user),
      archiveFolderId,
      reason,
      runId,
    }),
};
