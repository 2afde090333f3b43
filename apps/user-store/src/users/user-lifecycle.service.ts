import { Injectable } from '@nestjs/common';
import type { Privilege, StoredUser } from '@dirsync/contracts';
import type { EntityManager } from 'typeorm';
import type { PlannedCreates } from '../apply/planned-creates';
import { ArchiveFolderRepository } from '../archive/archive-folder.repository';
import { OutboxRepository } from '../outbox/outbox.repository';
import { userEvents } from '../outbox/user-events';
import type { UserChange, UserRemoval } from './user-change';
import { type NewUser, UserRepository } from './user.repository';

/**
 * Every write to users, inside the caller's transaction and always with its
 * consequences: a new user gets an archive folder, a deleted user's folder
 * stays behind marked as no longer owned, and each change writes its event
 * to the outbox in the same transaction (no change without its event, no
 * event without its change).
 */
@Injectable()
export class UserLifecycle {
  constructor(
    private readonly users: UserRepository,
    private readonly folders: ArchiveFolderRepository,
    private readonly outbox: OutboxRepository,
  ) {}

  async create(tx: EntityManager, users: readonly NewUser[], runId: string | null): Promise<void> {
    await this.users.insert(tx, users);
    await this.folders.createFor(tx, users);
    await this.outbox.add(
      tx,
      users.map((user) => userEvents.created(user, runId)),
    );
  }

  /** Creates the users a run's plan creates (PlannedCreates), with their folders and events. */
  async createPlanned(tx: EntityManager, planned: PlannedCreates, runId: string): Promise<void> {
    await this.users.insertPlanned(tx, planned);
    await this.folders.createForPlanned(tx, planned);
    await this.outbox.addUserCreatedForPlanned(tx, planned, runId);
  }

  async change(
    tx: EntityManager,
    changes: readonly UserChange[],
    runId: string | null,
  ): Promise<void> {
    await this.users.updateDirectoryFields(
      tx,
      changes.map(({ after, fieldChanges }) => ({
        id: after.id,
        userName: after.userName,
        dn: after.dn,
        fullName: after.fullName,
        emailAddresses: fieldChanges.some((change) => change.field === 'emailAddresses')
          ? after.emailAddresses
          : null,
      })),
    );
    await this.folders.followRenames(
      tx,
      changes
        .filter(({ fieldChanges }) => fieldChanges.some((change) => change.field === 'userName'))
        .map(({ after }) => ({ userId: after.id, userName: after.userName })),
    );
    await this.outbox.add(
      tx,
      changes.map(({ action, before, after, fieldChanges }) =>
        action === 'rename'
          ? userEvents.renamed(before, after, fieldChanges, runId)
          : userEvents.updated(after, fieldChanges, runId),
      ),
    );
  }

  /**
   * An admin's change of one user's privileges (`user` as locked in `tx`).
   * Its event says which privileges the user had and has; `runId` is null.
   */
  async setPrivileges(
    tx: EntityManager,
    user: StoredUser,
    privileges: readonly Privilege[],
  ): Promise<void> {
    await this.users.updatePrivileges(tx, user.id, privileges);
    await this.outbox.add(tx, [
      userEvents.updated(
        { ...user, privileges: [...privileges] },
        [{ field: 'privileges', old: [...user.privileges], new: [...privileges] }],
        null,
      ),
    ]);
  }

  /** Returns the archive folder each deleted user left behind, by user id. */
  async delete(
    tx: EntityManager,
    removals: readonly UserRemoval[],
    runId: string | null,
  ): Promise<Map<string, string>> {
    const ids = removals.map(({ user }) => user.id);
    const folders = await this.folders.orphan(tx, ids);
    await this.users.delete(tx, ids);
    await this.outbox.add(
      tx,
      removals.map(({ user, reason }) =>
        userEvents.deleted(user, folders.get(user.id) ?? null, reason, runId),
      ),
    );
    return folders;
  }
}
