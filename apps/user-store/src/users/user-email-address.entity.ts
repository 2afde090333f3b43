import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { UserEntity } from './user.entity';

/**
 * One e-mail address of a user; `position` 0 is the primary address. An
 * address belongs to at most one user: a unique index on lower(address)
 * across all users (an expression index, hence `synchronize: false`).
 */
@Entity({ name: 'user_email_addresses' })
@Index('user_email_addresses_address_lower_key', { synchronize: false })
@Check('user_email_addresses_position_check', 'position >= 0')
export class UserEmailAddressEntity {
  @PrimaryColumn('uuid', { name: 'user_id', primaryKeyConstraintName: 'user_email_addresses_pkey' })
  userId!: string;

  @PrimaryColumn('int', { primaryKeyConstraintName: 'user_email_addresses_pkey' })
  position!: number;

  @Column('text')
  address!: string;

  // Checked per statement by triggers, not by a key (OwnersCheckedPerStatement1800000000000).
  @ManyToOne(() => UserEntity, { createForeignKeyConstraints: false })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;
}
