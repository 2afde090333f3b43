import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { ArchiveFolderSummary } from '@dirsync/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import { PlannedCreates } from '../apply/planned-creates';
import { inBatches } from '../database/batches';
import { insertRows } from '../database/insert-rows';
import { ArchiveFolderEntity } from './archive-folder.entity';

/** The `archive_folders` table. Every write takes the caller's transaction. */
@Injectable()
export class ArchiveFolderRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The folder `userId` owns, if any (`manager`: a transaction to read in, else a plain read). */
  async ownedBy(
    userId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<ArchiveFolderSummary | null> {
    const folder = await manager.findOneBy(ArchiveFolderEntity, { ownerUserId: userId });
    return folder
      ? { id: folder.id, name: folder.name, createdAt: folder.createdAt.toISOString() }
      : null;
  }

  /** One folder per new user, named after the user. */
  async createFor(
    tx: EntityManager,
    users: readonly { id: string; userName: string }[],
  ): Promise<void> {
    for (const batch of inBatches(users)) {
      await insertRows(
        tx,
        'archive_folders',
        [
          ['id', 'uuid'],
          ['name', 'text'],
          ['owner_user_id', 'uuid'],
          ['owner_user_name', 'text'],
        ],
        batch.map((user) => [randomUUID(), user.userName, user.id, user.userName]),
      );
    }
  }

  /** One folder per user a plan creates (PlannedCreates), named after the user. */
  async createForPlanned(tx: EntityManager, planned: PlannedCreates): Promise<void> {
    if (planned.count === 0) return;
    await tx.query(
      `INSERT INTO archive_folders (id, name, owner_user_id, owner_user_name)
       SELECT ${PlannedCreates.rowIdSql('p')}, user_name, ${PlannedCreates.userIdSql('p')}, user_name
         FROM ${PlannedCreates.lines} AS p ORDER BY position`,
      [...planned.params],
    );
  }

  /** Keeps `owner_user_name` on the owner's current name, so an orphaned folder names its last owner. */
  async followRenames(
    tx: EntityManager,
    renames: readonly { userId: string; userName: string }[],
  ): Promise<void> {
    for (const batch of inBatches(renames)) {
      await tx.query(
        `UPDATE archive_folders AS f SET owner_user_name = v.user_name
           FROM unnest($1::uuid[], $2::text[]) AS v(user_id, user_name)
          WHERE f.owner_user_id = v.user_id`,
        [batch.map((rename) => rename.userId), batch.map((rename) => rename.userName)],
      );
    }
  }

  /**
   * Marks the folders of users about to be deleted as no longer owned and
   * returns their ids by owner. Call it before deleting the users: the
   * delete then clears `owner_user_id` (the trigger users_release_owned).
   */
  async orphan(tx: EntityManager, ownerIds: readonly string[]): Promise<Map<string, string>> {
    const folders = new Map<string, string>();
    for (const batch of inBatches(ownerIds)) {
      // Wrapped in a CTE: TypeORM returns [rows, count] for a bare UPDATE … RETURNING, rows for a SELECT.
      const rows = await tx.query<{ id: string; owner_user_id: string }[]>(
        `WITH orphaned AS (
           UPDATE archive_folders SET orphaned_at = now()
            WHERE owner_user_id = ANY($1::uuid[])
            RETURNING id, owner_user_id)
         SELECT id, owner_user_id FROM orphaned`,
        [batch],
      );
      for (const row of rows) folders.set(row.owner_user_id, row.id);
    }
    return folders;
  }
}
