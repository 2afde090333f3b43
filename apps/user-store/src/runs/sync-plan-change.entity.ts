import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { PlanAction, PlannedUserChange } from '@dirsync/contracts';

/**
 * One change of a run's plan, staged where it is applied (`sync_plan_changes`):
 * the plan never travels as one message, and the admin API reads it in pages.
 * `position` is the change's place in the plan (its page's first position + its index).
 * `run_id` names a run without a foreign key: pages are written while the
 * run's row is locked (see the migration StagedPlanWithoutRunKey1797000000000).
 * A create line is kept as columns, `change` null (TypedStagedCreates1799000000000);
 * every other line as its JSON in `change`, the columns null.
 */
@Entity({ name: 'sync_plan_changes' })
export class SyncPlanChangeEntity {
  @PrimaryColumn('uuid', { name: 'run_id', primaryKeyConstraintName: 'sync_plan_changes_pkey' })
  runId!: string;

  @PrimaryColumn('int', { primaryKeyConstraintName: 'sync_plan_changes_pkey' })
  position!: number;

  @Column('text')
  action!: PlanAction;

  @Column('text', { name: 'user_name' })
  userName!: string;

  @Column('jsonb', { nullable: true })
  change!: PlannedUserChange | null;

  @Column('text', { name: 'external_id', nullable: true })
  externalId!: string | null;

  @Column('text', { nullable: true })
  dn!: string | null;

  @Column('text', { name: 'full_name', nullable: true })
  fullName!: string | null;

  @Column('text', { name: 'email_addresses', array: true, nullable: true })
  emailAddresses!: string[] | null;

  @Column('text', { array: true, nullable: true })
  privileges!: string[] | null;
}
