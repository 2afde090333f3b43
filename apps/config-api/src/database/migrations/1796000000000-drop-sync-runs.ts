import type { MigrationInterface, QueryRunner } from 'typeorm';
import { SyncRuns1732400000001 } from './1732400000001-sync-runs';

/**
 * Runs moved to user-store's run ledger (`sync_runs`), where a run's end
 * commits with its writes. The history of runs made before the upgrade is
 * not carried over: those runs had ended, and their user changes are in the
 * store and its events.
 */
export class DropSyncRuns1796000000000 implements MigrationInterface {
  name = 'DropSyncRuns1796000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE config_sync_runs');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await new SyncRuns1732400000001().up(queryRunner);
  }
}
