import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The run ledger: every Test Settings and Synchronize now, with its lease.
 * It lives beside the users because a run's end and its writes must commit
 * in one transaction (see apps/user-store/README.md, "Runs").
 */
export class CreateSyncRuns1796000000000 implements MigrationInterface {
  name = 'CreateSyncRuns1796000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE sync_runs (
        id uuid NOT NULL,
        mode text NOT NULL,
        state text NOT NULL,
        requested_by text NOT NULL,
        settings_version int NOT NULL,
        allow_mass_delete boolean NOT NULL DEFAULT false,
        expected_fingerprint text,
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz,
        worker text,
        lease_token bigint,
        lease_expires_at timestamptz NOT NULL,
        progress jsonb,
        counts jsonb,
        error jsonb,
        applied boolean NOT NULL DEFAULT false,
        apply_result jsonb,
        plan jsonb,
        CONSTRAINT sync_runs_pkey PRIMARY KEY (id),
        CONSTRAINT sync_runs_mode_check CHECK (mode IN ('test', 'sync')),
        CONSTRAINT sync_runs_state_check CHECK (state IN ('queued', 'running', 'succeeded', 'failed'))
      )`);
    // The one-sync-at-a-time lock, for every instance of every service.
    await runner.query(
      `CREATE UNIQUE INDEX sync_runs_one_active_sync_key ON sync_runs (mode) WHERE mode = 'sync' AND state IN ('queued', 'running')`,
    );
    await runner.query(`CREATE INDEX sync_runs_created_at_idx ON sync_runs (created_at)`);
    // Fencing tokens: every claim of any run takes the next one, never reused.
    await runner.query(`CREATE SEQUENCE sync_run_lease_tokens`);

    // Each run's plan, staged page by page where it is applied; read back in pages.
    await runner.query(`
      CREATE TABLE sync_plan_changes (
        run_id uuid NOT NULL,
        position int NOT NULL,
        action text NOT NULL,
        user_name text NOT NULL,
        change jsonb NOT NULL,
        CONSTRAINT sync_plan_changes_pkey PRIMARY KEY (run_id, position),
        CONSTRAINT sync_plan_changes_run_id_fkey FOREIGN KEY (run_id) REFERENCES sync_runs (id) ON DELETE CASCADE
      )`);
    await runner.query(
      `CREATE INDEX sync_runs_finished_at_idx ON sync_runs (finished_at) WHERE finished_at IS NOT NULL`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE sync_plan_changes`);
    await runner.query(`DROP SEQUENCE sync_run_lease_tokens`);
    await runner.query(`DROP TABLE sync_runs`);
  }
}
