import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type {
  ApplySyncPlanResult,
  PlanCounts,
  RunError,
  RunLifecycleState,
  RunProgress,
  SyncMode,
  PlanSummary,
} from '@dirsync/contracts';

/** One row of the run ledger (`sync_runs`); the state machine is in SyncRunsRepository. */
@Entity({ name: 'sync_runs' })
@Check('sync_runs_mode_check', `mode IN ('test', 'sync')`)
@Check('sync_runs_state_check', `state IN ('queued', 'running', 'succeeded', 'failed')`)
@Index('sync_runs_one_active_sync_key', ['mode'], {
  unique: true,
  where: `mode = 'sync' AND state IN ('queued', 'running')`,
})
@Index('sync_runs_created_at_idx', ['createdAt'])
@Index('sync_runs_finished_at_idx', ['finishedAt'], { where: 'finished_at IS NOT NULL' })
export class SyncRunEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'sync_runs_pkey' })
  id!: string;

  @Column('text')
  mode!: SyncMode;

  @Column('text')
  state!: RunLifecycleState;

  @Column('text', { name: 'requested_by' })
  requestedBy!: string;

  @Column('int', { name: 'settings_version' })
  settingsVersion!: number;

  @Column('boolean', { name: 'allow_mass_delete', default: false })
  allowMassDelete!: boolean;

  @Column('text', { name: 'expected_fingerprint', nullable: true })
  expectedFingerprint!: string | null;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'started_at', nullable: true })
  startedAt!: Date | null;

  @Column('timestamptz', { name: 'finished_at', nullable: true })
  finishedAt!: Date | null;

  /** Who holds (or held) the lease: host and pid of a sync-planner. */
  @Column('text', { nullable: true })
  worker!: string | null;

  /** The fencing token of the current claim; pg returns bigint as a string. */
  @Column('bigint', { name: 'lease_token', nullable: true })
  leaseToken!: string | null;

  /** A queued run must be claimed, a running one renewed, before this; else the reaper fails it. */
  @Column('timestamptz', { name: 'lease_expires_at' })
  leaseExpiresAt!: Date;

  @Column('jsonb', { nullable: true })
  progress!: RunProgress | null;

  @Column('jsonb', { nullable: true })
  counts!: PlanCounts | null;

  @Column('jsonb', { nullable: true })
  error!: RunError | null;

  @Column('boolean', { default: false })
  applied!: boolean;

  /** What the apply answered, answered again to a redelivered apply. */
  @Column('jsonb', { name: 'apply_result', nullable: true })
  applyResult!: ApplySyncPlanResult | null;

  @Column('jsonb', { nullable: true })
  plan!: PlanSummary | null;
}
