import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The `user.created.v1` events of a sync's apply take their `user` from the
 * stored user when they are published, instead of a copy written with them:
 * building 100,000 `jsonb` payloads was the largest part of a first sync's
 * apply (the events' insert took 1.69–1.75 s with the payloads against
 * 0.73–0.97 s without, on a copy of the apply's statements). Such an event
 * names its user in `snapshot_user_id`; its `payload` holds the rest
 * (`runId`).
 *
 * The event must still say what was created, not what the user became
 * later, so the snapshot is written into the payload (and
 * `snapshot_user_id` cleared) by whichever comes first:
 *
 * - the relay, when it marks the event published (in the transaction that
 *   claimed the event's row; see OutboxRepository.markPublished), so a
 *   published event is whole;
 * - any update or deletion of the user: a row trigger on `users` writes
 *   the snapshot in before the row changes (the store changes a user's row
 *   before the user's addresses, and the addresses of deleted users go
 *   after the statement, in `users_release_owned`).
 *
 * So a published or retained event always carries its user as created.
 */
export class CreatedEventsReadTheirUser1801000000000 implements MigrationInterface {
  name = 'CreatedEventsReadTheirUser1801000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE outbox_events ADD COLUMN snapshot_user_id uuid`);
    await runner.query(`CREATE INDEX outbox_events_snapshot_user_idx ON outbox_events (snapshot_user_id)
      WHERE snapshot_user_id IS NOT NULL`);
    // The `user` of a user event (toUserSnapshot) for each stored user. A view, not a function:
    // the planner inlines it into the relay's statements (a function took ≈ 0.1 ms a row).
    await runner.query(`CREATE VIEW user_snapshots AS
      SELECT u.id, jsonb_build_object(
               'id', u.id, 'userName', u.user_name, 'fullName', u.full_name,
               'emailAddresses', COALESCE((SELECT jsonb_agg(a.address ORDER BY a.position)
                                             FROM user_email_addresses AS a WHERE a.user_id = u.id), '[]'::jsonb),
               'externalId', u.external_id, 'dn', u.dn, 'privileges', to_jsonb(u.privileges)) AS snapshot
        FROM users AS u`);
    // An event's payload as it is published (the trigger below and the undo use it; the relay inlines the same).
    await runner.query(`CREATE FUNCTION published_payload(e outbox_events) RETURNS jsonb LANGUAGE sql STABLE AS $$
      SELECT CASE WHEN e.snapshot_user_id IS NULL THEN e.payload
                  ELSE e.payload || jsonb_build_object('user', (SELECT s.snapshot FROM user_snapshots AS s
                                                                 WHERE s.id = e.snapshot_user_id))
             END
    $$`);
    await runner.query(`CREATE FUNCTION users_complete_pending_events() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        -- Before the row changes: the snapshot is still the user as it was.
        UPDATE outbox_events AS e SET payload = published_payload(e), snapshot_user_id = NULL
         WHERE e.snapshot_user_id = OLD.id;
        IF TG_OP = 'DELETE' THEN
          RETURN OLD;
        END IF;
        RETURN NEW;
      END $$`);
    await runner.query(`CREATE TRIGGER users_complete_pending_events BEFORE UPDATE OR DELETE ON users
      FOR EACH ROW EXECUTE FUNCTION users_complete_pending_events()`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TRIGGER users_complete_pending_events ON users`);
    await runner.query(`DROP FUNCTION users_complete_pending_events()`);
    await runner.query(`UPDATE outbox_events AS e SET payload = published_payload(e), snapshot_user_id = NULL
      WHERE snapshot_user_id IS NOT NULL`);
    await runner.query(`DROP FUNCTION published_payload(outbox_events)`);
    await runner.query(`DROP VIEW user_snapshots`);
    await runner.query(`DROP INDEX outbox_events_snapshot_user_idx`);
    await runner.query(`ALTER TABLE outbox_events DROP COLUMN snapshot_user_id`);
  }
}
