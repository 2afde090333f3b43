import type { MigrationInterface, QueryRunner } from 'typeorm';
import { orderedUuidSql } from '../ordered-uuid';

/**
 * A staged create line carries the id its user will get (`user_id`, given
 * when the line is staged), so the apply writes the users, their addresses,
 * archive folders and events straight from the staged lines. It drew them
 * first into a temporary table with their ids: one more copy of every
 * created user inside the apply's transaction, which runs on one core while
 * the other is idle (100,000 creates: the draw and the four inserts took
 * 4.3–4.4 s of PostgreSQL, the four inserts from the staged lines 3.6–4.0 s,
 * measured). Create lines staged before get their ids here; only create
 * lines have one.
 */
export class StagedCreatesCarryTheirUserId1802000000000 implements MigrationInterface {
  name = 'StagedCreatesCarryTheirUserId1802000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE sync_plan_changes ADD COLUMN user_id uuid`);
    await runner.query(
      `UPDATE sync_plan_changes SET user_id = ${orderedUuidSql('position', '$1')} WHERE action = 'create'`,
      [Date.now()],
    );
    await runner.query(`ALTER TABLE sync_plan_changes
        ADD CONSTRAINT sync_plan_changes_create_user_id CHECK ((action = 'create') = (user_id IS NOT NULL))`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE sync_plan_changes DROP COLUMN user_id`);
  }
}
