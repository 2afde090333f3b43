import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SyncRuns1732400000001 implements MigrationInterface {
  name = 'SyncRuns1732400000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE config_sync_runs (
        id uuid PRIMARY KEY,
        mode text NOT NULL CHECK (mode IN ('test', 'sync')),
        state text NOT NULL CHECK (state IN ('running', 'succeeded', 'failed')),
        requested_by text NOT NULL,
        settings_version integer NOT NULL,
        started_at timestamptz NOT NULL,
        finished_at timestamptz,
        progress jsonb,
        counts jsonb,
        error jsonb,
        report jsonb
      )`);
    await queryRunner.query(
      'CREATE INDEX config_sync_runs_started_at ON config_sync_runs (started_at DESC)',
    );
    // One running synchronization at a time, whichever instance started it.
    await queryRunner.query(
      `CREATE UNIQUE INDEX config_sync_runs_one_running_sync ON config_sync_runs ((true)) WHERE state = 'running' AND mode = 'sync'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE config_sync_runs');
  }
}
