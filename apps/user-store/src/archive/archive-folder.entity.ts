import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { UserEntity } from '../users/user.entity';

/**
 * The archive folder of a user, created with the user. When the user is
 * deleted the folder stays (archived mail must not vanish with a directory
 * entry): the database sets `owner_user_id` to null (a trigger) and the store stamps
 * `orphaned_at`; `owner_user_name` keeps the last name of the owner.
 */
@Entity({ name: 'archive_folders' })
export class ArchiveFolderEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'archive_folders_pkey' })
  id!: string;

  @Column('text')
  name!: string;

  /** One folder per user; orphaned folders (null) are not limited. */
  @Index('archive_folders_owner_user_id_key', { unique: true })
  @Column('uuid', { name: 'owner_user_id', nullable: true })
  ownerUserId!: string | null;

  @Column('text', { name: 'owner_user_name' })
  ownerUserName!: string;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt!: Date;

  /** When the owner was deleted; null while the folder is owned. */
  @Column('timestamptz', { name: 'orphaned_at', nullable: true })
  orphanedAt!: Date | null;

  // Checked per statement by triggers, not by a key (OwnersCheckedPerStatement1800000000000).
  @ManyToOne(() => UserEntity, { createForeignKeyConstraints: false })
  @JoinColumn({ name: 'owner_user_id' })
  owner?: UserEntity | null;
}
