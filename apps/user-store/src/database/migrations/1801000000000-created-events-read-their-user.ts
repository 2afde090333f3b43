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
 * - any statement that updates or deletes the user: a statement trigger
 *   on `users` writes the snapshot from the rows as they were before it
 *   (their addresses are still the old ones: the store changes a user's
 *   row before its addresses, and the addresses of deleted users go after
 *   this trigger, in `users_release_owned`: triggers of one event fire in
 *   the order of their names, and `users_complete_…` comes first).
 *
 * So a published or retained event always carries its user as created.
 */
export class CreatedEventsReadTheirUser1801000000000 implements MigrationInterface {
  name = 'CreatedEventsReadTheirUser1801000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE outbox_events ADD COLUMN snapshot_user_id uuid`);
    await runner.query(`CREATE INDEX outbox_events_snapshot_user_idx ON outbox_events (snapshot_user_id)
      WHERE snapshot_user_id IS NOT NULL`);
    // The `user` of a user event (toUserSnapshot) from a row of `users`; its addresses are read in order.
    await runner.query(`CREATE FUNCTION user_snapshot(u users) RETURNS jsonb LANGUAGE sql STABLE AS $$
      SELECT jsonb_build_object(
        'id', u.id, 'userName', u.user_name, 'fullName', u.full_name,
        'emailAddresses', COALESCE((SELECT jsonb_agg(a.address ORDER BY a.position)
                                      FROM user_email_addresses AS a WHERE a.user_id = u.id), '[]'::jsonb),
        'externalId', u.external_id, 'dn', u.dn, 'privileges', to_jsonb(u.privileges))
    $$`);
    // An event's payload as it is published: with its user's snapshot if it still waits for one.
    await runner.query(`CREATE FUNCTION published_payload(e outbox_events) RETURNS jsonb LANGUAGE sql STABLE AS $$
      SELECT CASE WHEN e.snapshot_user_id IS NULL THEN e.payload
                  ELSE e.payload || jsonb_build_object('user', (SELECT user_snapshot(u) FROM users AS u
                                                                 WHERE u.id = e.snapshot_user_id))
             END
    $$`);
    await runner.query(`CREATE FUNCTION users_complete_pending_events() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE outbox_events AS e
           SET payload = e.payload || jsonb_build_object('user', user_snapshot(b)), snapshot_user_id = NULL
          FROM old_users AS b
         WHERE e.snapshot_user_id = b.id;
        RETURN NULL;
      END $$`);
    // Transition tables allow one event per trigger: one for updates, one for deletes.
    for (const event of ['UPDATE', 'DELETE'] as const) {
      await runner.query(`CREATE TRIGGER users_complete_pending_events_on_${event.toLowerCase()}
        AFTER ${event} ON users REFERENCING OLD TABLE AS old_users
        FOR EACH STATEMENT EXECUTE FUNCTION users_complete_pending_events()`);
    }
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const event of ['update', 'delete'] as const) {
      await runner.query(`DROP TRIGGER users_complete_pending_events_on_${event} ON users`);
    }
    await runner.query(`DROP FUNCTION users_complete_pending_events()`);
    await runner.query(`UPDATE outbox_events AS e SET payload = published_payload(e), snapshot_user_id = NULL
      WHERE snapshot_user_id IS NOT NULL`);
    await runner.query(`DROP FUNCTION published_payload(outbox_events)`);
    await runner.query(`DROP FUNCTION user_snapshot(users)`);
    await runner.query(`DROP INDEX outbox_events_snapshot_user_idx`);
    await runner.query(`ALTER TABLE outbox_events DROP COLUMN snapshot_user_id`);
  }
}
