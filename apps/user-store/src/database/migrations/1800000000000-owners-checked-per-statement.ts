import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The owner of an address (`user_email_addresses.user_id`) and of an archive
 * folder (`archive_folders.owner_user_id`) is checked once per statement
 * instead of by a foreign key, which checks each row on its own: a first
 * sync writes 100,000 users, then their 100,000 addresses and folders, and
 * the foreign keys' row-by-row lookups and row locks took about half of each
 * of those two inserts (inserting 100,000 addresses of new users: 0.76–0.79
 * s with the key, 0.43–0.46 s with one join per statement, 0.36–0.46 s
 * unchecked; four alternated runs on a copy of the apply's statements). The rules stay the database's own, as with the keys:
 *
 * - an insert naming a user that is not in `users` fails with
 *   `foreign_key_violation` (23503) and the constraint name the key had;
 *   owners another transaction wrote are held `FOR KEY SHARE` until this one
 *   ends, as a key would hold them, so nobody deletes them in between. Users
 *   this transaction wrote (`written_in`) are its own already: a sync's new
 *   users are checked by one join, without a lock per row;
 * - deleting users deletes their addresses (the key's ON DELETE CASCADE) and
 *   leaves their folders without an owner (ON DELETE SET NULL), once per
 *   statement;
 * - an address or folder never passes to another user, and a user's id
 *   never changes (the store never does either; the triggers refuse it);
 * - `TRUNCATE users` fails unless it truncates the addresses and the owned
 *   folders with it (a key refused it unless CASCADE named them).
 */
export class OwnersCheckedPerStatement1800000000000 implements MigrationInterface {
  name = 'OwnersCheckedPerStatement1800000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `ALTER TABLE user_email_addresses DROP CONSTRAINT user_email_addresses_user_id_fkey`,
    );
    await runner.query(
      `ALTER TABLE archive_folders DROP CONSTRAINT archive_folders_owner_user_id_fkey`,
    );
    // TG_ARGV[0]: the column that never changes once set (an owner, or a user's id).
    await runner.query(`CREATE FUNCTION refuse_owner_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE foreign_key_violation USING
          MESSAGE = format('%s.%s never changes once set', TG_TABLE_NAME, TG_ARGV[0]),
          TABLE = TG_TABLE_NAME, COLUMN = TG_ARGV[0];
      END $$`);
    for (const owned of OWNED) {
      await runner.query(`CREATE FUNCTION ${owned.table}_check_owners() RETURNS trigger
        LANGUAGE plpgsql AS $$
        DECLARE
          mine bigint := write_transaction_id();
          others boolean;
          missing uuid;
        BEGIN
          -- One join: is every owner stored, and did this transaction write them all (a sync's new users)?
          SELECT bool_or(u.written_in <> mine), (array_agg(a.${owned.column}) FILTER (WHERE u.id IS NULL))[1]
            INTO others, missing
            FROM added AS a LEFT JOIN users AS u ON u.id = a.${owned.column}
           WHERE a.${owned.column} IS NOT NULL;
          IF others THEN
            -- Owners another transaction wrote: held as a key holds them, then looked for again
            -- (one deleted meanwhile is not locked, and is missing now).
            PERFORM FROM users WHERE id IN (SELECT ${owned.column} FROM added) AND written_in <> mine
              FOR KEY SHARE;
            SELECT a.${owned.column} INTO missing FROM added AS a
             WHERE a.${owned.column} IS NOT NULL
               AND NOT EXISTS (SELECT FROM users AS u WHERE u.id = a.${owned.column})
             LIMIT 1;
          END IF;
          IF missing IS NOT NULL THEN
            RAISE foreign_key_violation USING
              MESSAGE = 'insert on table "${owned.table}" violates foreign key constraint "${owned.constraint}"',
              DETAIL = format('Key (${owned.column})=(%s) is not present in table "users".', missing),
              CONSTRAINT = '${owned.constraint}', TABLE = '${owned.table}';
          END IF;
          RETURN NULL;
        END $$`);
      await runner.query(`CREATE TRIGGER ${owned.table}_owners AFTER INSERT ON ${owned.table}
        REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION ${owned.table}_check_owners()`);
      await runner.query(`CREATE TRIGGER ${owned.table}_owner_fixed BEFORE UPDATE OF ${owned.column} ON ${owned.table}
        FOR EACH ROW WHEN (NEW.${owned.column} IS NOT NULL AND NEW.${owned.column} IS DISTINCT FROM OLD.${owned.column})
        EXECUTE FUNCTION refuse_owner_change('${owned.column}')`);
    }
    await runner.query(`CREATE FUNCTION users_release_owned() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM user_email_addresses WHERE user_id IN (SELECT id FROM removed);
        UPDATE archive_folders SET owner_user_id = NULL WHERE owner_user_id IN (SELECT id FROM removed);
        RETURN NULL;
      END $$`);
    await runner.query(`CREATE TRIGGER users_release_owned AFTER DELETE ON users
      REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION users_release_owned()`);
    await runner.query(`CREATE TRIGGER users_id_fixed BEFORE UPDATE OF id ON users
      FOR EACH ROW WHEN (NEW.id IS DISTINCT FROM OLD.id) EXECUTE FUNCTION refuse_owner_change('id')`);
    await runner.query(`CREATE FUNCTION users_truncate_owned() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT FROM user_email_addresses)
           OR EXISTS (SELECT FROM archive_folders WHERE owner_user_id IS NOT NULL) THEN
          RAISE feature_not_supported USING
            MESSAGE = 'cannot truncate users alone: truncate user_email_addresses and archive_folders with it';
        END IF;
        RETURN NULL;
      END $$`);
    await runner.query(`CREATE TRIGGER users_truncate_owned AFTER TRUNCATE ON users
      FOR EACH STATEMENT EXECUTE FUNCTION users_truncate_owned()`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TRIGGER users_truncate_owned ON users`);
    await runner.query(`DROP FUNCTION users_truncate_owned()`);
    await runner.query(`DROP TRIGGER users_id_fixed ON users`);
    await runner.query(`DROP TRIGGER users_release_owned ON users`);
    await runner.query(`DROP FUNCTION users_release_owned()`);
    for (const owned of OWNED) {
      await runner.query(`DROP TRIGGER ${owned.table}_owner_fixed ON ${owned.table}`);
      await runner.query(`DROP TRIGGER ${owned.table}_owners ON ${owned.table}`);
      await runner.query(`DROP FUNCTION ${owned.table}_check_owners()`);
    }
    await runner.query(`DROP FUNCTION refuse_owner_change()`);
    await runner.query(`ALTER TABLE user_email_addresses ADD CONSTRAINT user_email_addresses_user_id_fkey
        FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE`);
    await runner.query(`ALTER TABLE archive_folders ADD CONSTRAINT archive_folders_owner_user_id_fkey
        FOREIGN KEY (owner_user_id) REFERENCES users (id) ON DELETE SET NULL`);
  }
}

/** The tables whose rows belong to a user, the column naming the user, and the key it had. */
const OWNED = [
  {
    table: 'user_email_addresses',
    column: 'user_id',
    constraint: 'user_email_addresses_user_id_fkey',
  },
  {
    table: 'archive_folders',
    column: 'owner_user_id',
    constraint: 'archive_folders_owner_user_id_fkey',
  },
] as const;
