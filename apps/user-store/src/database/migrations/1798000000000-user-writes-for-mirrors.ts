import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What a sync-planner needs to keep a mirror of the store and bring it up to
 * date by the users written since it last looked (users.list.v2 with
 * `since`), instead of listing every user for every run:
 *
 * - `users.written_in`: the id of the transaction that last wrote the row
 *   (its default on insert, a trigger on update; a change of a user's
 *   addresses always updates its row too);
 * - `user_removals`: the ids of deleted users with the transaction that
 *   deleted them, and a row without an id when `users` is truncated (every
 *   mirror is then out of date). Rows older than a day are pruned; a mark
 *   older than half that is answered with the whole store.
 *
 * Transaction ids are kept as bigint (`xid8` by way of text, in
 * `write_transaction_id()`): TypeORM maps no `xid8` column, and compares a
 * default written without casts. A mark is the `xmin` of the snapshot a list was read in:
 * every transaction it could not see has an id at least that high.
 */
export class UserWritesForMirrors1798000000000 implements MigrationInterface {
  name = 'UserWritesForMirrors1798000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE FUNCTION write_transaction_id() RETURNS bigint LANGUAGE sql VOLATILE
      AS 'SELECT pg_current_xact_id()::text::bigint'`);
    await runner.query(
      `ALTER TABLE users ADD COLUMN written_in bigint NOT NULL DEFAULT write_transaction_id()`,
    );
    await runner.query(`CREATE FUNCTION users_mark_written() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.written_in := write_transaction_id();
        RETURN NEW;
      END $$`);
    await runner.query(
      `CREATE TRIGGER users_written BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION users_mark_written()`,
    );
    await runner.query(`CREATE TABLE user_removals (
        user_id uuid,
        removed_in bigint NOT NULL DEFAULT write_transaction_id(),
        removed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`CREATE INDEX user_removals_removed_in_idx ON user_removals (removed_in)`);
    await runner.query(`CREATE FUNCTION users_record_removals() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO user_removals (user_id) SELECT id FROM removed;
        RETURN NULL;
      END $$`);
    await runner.query(
      `CREATE TRIGGER users_removed AFTER DELETE ON users REFERENCING OLD TABLE AS removed
         FOR EACH STATEMENT EXECUTE FUNCTION users_record_removals()`,
    );
    await runner.query(`CREATE FUNCTION users_record_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO user_removals (user_id) VALUES (NULL);
        RETURN NULL;
      END $$`);
    await runner.query(
      `CREATE TRIGGER users_truncated AFTER TRUNCATE ON users FOR EACH STATEMENT EXECUTE FUNCTION users_record_truncate()`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TRIGGER users_truncated ON users`);
    await runner.query(`DROP FUNCTION users_record_truncate()`);
    await runner.query(`DROP TRIGGER users_removed ON users`);
    await runner.query(`DROP FUNCTION users_record_removals()`);
    await runner.query(`DROP TABLE user_removals`);
    await runner.query(`DROP TRIGGER users_written ON users`);
    await runner.query(`DROP FUNCTION users_mark_written()`);
    await runner.query(`ALTER TABLE users DROP COLUMN written_in`);
    await runner.query(`DROP FUNCTION write_transaction_id()`);
  }
}
