import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Failed password sign-ins, shared by every auth-gateway instance (the rate limits). */
export class SignInFailures1795900000000 implements MigrationInterface {
  name = 'SignInFailures1795900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Unlogged: lost in a crash, which only forgets some failures; writes stay cheap.
    await queryRunner.query(`
      CREATE UNLOGGED TABLE auth_sign_in_failures (
        scope text NOT NULL CHECK (scope IN ('user', 'client')),
        key text NOT NULL,
        failed_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await queryRunner.query(
      'CREATE INDEX auth_sign_in_failures_by_key ON auth_sign_in_failures (scope, key, failed_at DESC)',
    );
    await queryRunner.query(
      'CREATE INDEX auth_sign_in_failures_by_time ON auth_sign_in_failures (failed_at)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE auth_sign_in_failures');
  }
}
