import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { PlanCounts, RunError, SyncMode, SyncRunReport } from '@dirsync/contracts';

export type SyncRunState = 'running' | 'succeeded' | 'failed';

/**
 * Every Test Settings and Synchronize now, with its outcome. A partial
 * unique index allows one running `sync` at a time across every instance.
 */
@Entity({ name: 'config_sync_runs' })
export class SyncRunEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  mode!: SyncMode;

  @Column({ type: 'text' })
  state!: SyncRunState;

  @Column({ name: 'requested_by', type: 'text' })
  requestedBy!: string;

  @Column({ name: 'settings_version', type: 'integer' })
  settingsVersion!: number;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt!: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;

  /** The last progress a running run reported (users read, changes planned/applied). */
  @Column({ type: 'jsonb', nullable: true })
  progress!: Record<string, unknown> | null;

  @Column({ type: 'jsonb', nullable: true })
  counts!: PlanCounts | null;

  @Column({ type: 'jsonb', nullable: true })
  error!: RunError | null;

  /** The whole report, per-user changes included. */
  @Column({ type: 'jsonb', nullable: true })
  report!: SyncRunReport | null;
}
