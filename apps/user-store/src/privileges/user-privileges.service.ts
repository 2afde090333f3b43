import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  ALL_PRIVILEGES,
  type Privilege,
  type SetUserPrivilegesCommand,
  type SetUserPrivilegesResult,
} from '@dirsync/contracts';
import { AppError } from '@dirsync/service-kit';
import { ArchiveFolderRepository } from '../archive/archive-folder.repository';
import { inTransaction } from '../database/in-transaction';
import { OutboxRelay } from '../outbox/outbox-relay';
import { UserLifecycle } from '../users/user-lifecycle.service';
import { UserRepository } from '../users/user.repository';

/**
 * An admin sets a user's privileges (directory and local users alike). The
 * change and its `user.updated.v1` event commit together, so a service that
 * caches users (auth-gateway) learns of every change. A sync never takes
 * them back: it gives privileges only to the users it creates, and writes
 * only the directory's fields of existing ones.
 */
@Injectable()
export class UserPrivilegesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UserRepository,
    private readonly folders: ArchiveFolderRepository,
    private readonly lifecycle: UserLifecycle,
    private readonly relay: OutboxRelay,
  ) {}

  async set({ userId, privileges }: SetUserPrivilegesCommand): Promise<SetUserPrivilegesResult> {
    const wanted = inCatalogueOrder(privileges);
    const result = await inTransaction(this.dataSource, async (tx) => {
      // Locked: a sync applying at the same moment waits, and its events carry these privileges.
      const before = (await this.users.lockByIds(tx, [userId])).get(userId);
      if (!before) throw new AppError('not-found', `no user with id ${userId}`);
      const changed = !sameSet(before.privileges, wanted);
      if (changed) await this.lifecycle.setPrivileges(tx, before, wanted);
      // Still locked: read back as written.
      const after = changed ? (await this.users.findByIds(tx, [userId])).get(userId) : before;
      if (!after) throw new AppError('internal-error', `user ${userId} vanished while locked`);
      const archiveFolder = await this.folders.ownedBy(userId, tx);
      return {
        user: { ...after, archiveFolder },
        previousPrivileges: [...before.privileges],
        changed,
      };
    });
    if (result.changed) this.relay.kick();
    return result;
  }
}

/** The catalogue's order, so equal sets are stored (and announced) alike. */
function inCatalogueOrder(privileges: readonly Privilege[]): Privilege[] {
  const wanted = new Set(privileges);
  return ALL_PRIVILEGES.filter((privilege) => wanted.has(privilege));
}

function sameSet(a: readonly Privilege[], b: readonly Privilege[]): boolean {
  const set = new Set(a);
  return set.size === new Set(b).size && b.every((privilege) => set.has(privilege));
}
