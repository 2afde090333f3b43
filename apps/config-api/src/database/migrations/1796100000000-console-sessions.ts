import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The admin console's sign-in sessions (a cookie holds the token; only its SHA-256 is kept). */
export class ConsoleSessions1796100000000 implements MigrationInterface {
  name = 'ConsoleSessions1796100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE config_console_sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        token_sha256 text NOT NULL UNIQUE,
        csrf_token text NOT NULL,
        actor text NOT NULL,
        user_name text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('bootstrap', 'directory')),
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE config_console_sessions');
  }
}
