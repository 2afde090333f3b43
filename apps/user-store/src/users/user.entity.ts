import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { Privilege, UserAuthMethod } from '@dirsync/contracts';

/**
 * A user of the application. The schema itself is written by hand in the
 * migrations; this class only maps it. User names are unique
 * case-insensitively (an expression index on lower(user_name), which TypeORM
 * cannot describe, hence `synchronize: false`).
 */
@Entity({ name: 'users' })
@Index('users_user_name_lower_key', { synchronize: false })
@Check(
  'users_identity_check',
  `(auth_method = 'directory' AND external_id IS NOT NULL AND dn IS NOT NULL) OR (auth_method = 'local' AND external_id IS NULL AND dn IS NULL)`,
)
export class UserEntity {
  /** Chosen by the store when the row is written, so related rows can be written in the same batch. */
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'users_pkey' })
  id!: string;

  @Column('text', { name: 'user_name' })
  userName!: string;

  @Column('text', { name: 'full_name', nullable: true })
  fullName!: string | null;

  @Column('text', { name: 'auth_method' })
  authMethod!: UserAuthMethod;

  /** The directory's stable id (entryUUID / objectGUID); null for local users. */
  @Index('users_external_id_key', { unique: true })
  @Column('text', { name: 'external_id', nullable: true })
  externalId!: string | null;

  @Column('text', { nullable: true })
  dn!: string | null;

  @Column('text', { array: true, default: () => "'{}'" })
  privileges!: Privilege[];

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' })
  updatedAt!: Date;

  /**
   * The transaction that last wrote the row (set by PostgreSQL: the default,
   * and a trigger on update), so a mirror of the store is brought up to date
   * by the users written since (migration UserWritesForMirrors1798000000000).
   */
  @Column({
    type: 'bigint',
    name: 'written_in',
    select: false,
    insert: false,
    update: false,
    default: () => 'write_transaction_id()',
  })
  writtenIn?: string;
}
