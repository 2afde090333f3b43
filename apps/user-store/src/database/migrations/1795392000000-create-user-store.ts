import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The user store's first schema, written by hand (never `synchronize`).
 * Constraints carry explicit names: the store turns unique violations into
 * conflicts that name what collided. Ids have no default: the store picks
 * them (randomUUID) so related rows can be written in the same batch.
 */
export class CreateUserStore1795392000000 implements MigrationInterface {
  name = 'CreateUserStore1795392000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE users (
        id uuid NOT NULL,
        user_name text NOT NULL,
        full_name text,
        auth_method text NOT NULL,
        external_id text,
        dn text,
        privileges text[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT users_pkey PRIMARY KEY (id),
        -- A directory user is known by the directory's stable id; a local one has none.
        CONSTRAINT users_identity_check CHECK (
          (auth_method = 'directory' AND external_id IS NOT NULL AND dn IS NOT NULL)
          OR (auth_method = 'local' AND external_id IS NULL AND dn IS NULL)
        )
      )`);
    await runner.query(`CREATE UNIQUE INDEX users_user_name_lower_key ON users (lower(user_name))`);
    await runner.query(`CREATE UNIQUE INDEX users_external_id_key ON users (external_id)`);

    await runner.query(`
      CREATE TABLE user_email_addresses (
        user_id uuid NOT NULL,
        position int NOT NULL,
        address text NOT NULL,
        CONSTRAINT user_email_addresses_pkey PRIMARY KEY (user_id, position),
        CONSTRAINT user_email_addresses_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
        CONSTRAINT user_email_addresses_position_check CHECK (position >= 0)
      )`);
    // Each address belongs to at most one user, whatever its case.
    await runner.query(
      `CREATE UNIQUE INDEX user_email_addresses_address_lower_key ON user_email_addresses (lower(address))`,
    );

    await runner.query(`
      CREATE TABLE archive_folders (
        id uuid NOT NULL,
        name text NOT NULL,
        owner_user_id uuid,
        owner_user_name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        orphaned_at timestamptz,
        CONSTRAINT archive_folders_pkey PRIMARY KEY (id),
        -- Deleting a user keeps the folder: archived mail outlives the account.
        CONSTRAINT archive_folders_owner_user_id_fkey FOREIGN KEY (owner_user_id) REFERENCES users (id) ON DELETE SET NULL
      )`);
    await runner.query(
      `CREATE UNIQUE INDEX archive_folders_owner_user_id_key ON archive_folders (owner_user_id)`,
    );

    await runner.query(`
      CREATE TABLE outbox_events (
        id uuid NOT NULL,
        sequence bigserial NOT NULL,
        routing_key text NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz,
        attempts int NOT NULL DEFAULT 0,
        last_error text,
        CONSTRAINT outbox_events_pkey PRIMARY KEY (id)
      )`);
    // The relay only ever looks for unpublished rows, oldest first.
    await runner.query(
      `CREATE INDEX outbox_events_unpublished_idx ON outbox_events (sequence) WHERE published_at IS NULL`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE outbox_events`);
    await runner.query(`DROP TABLE archive_folders`);
    await runner.query(`DROP TABLE user_email_addresses`);
    await runner.query(`DROP TABLE users`);
  }
}
