import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ConfigApiInitial1732400000000 implements MigrationInterface {
  name = 'ConfigApiInitial1732400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE config_directory_settings_versions (
        version serial PRIMARY KEY,
        settings jsonb NOT NULL,
        bind_password_sealed text,
        client_secret_sealed text,
        saved_by text NOT NULL,
        saved_at timestamptz NOT NULL DEFAULT now(),
        changed_fields text[] NOT NULL DEFAULT '{}'
      )`);
    await queryRunner.query(`
      CREATE TABLE config_api_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        token_sha256 text NOT NULL UNIQUE,
        is_admin boolean NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      )`);
    await queryRunner.query(`
      CREATE TABLE config_audit_records (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        actor text NOT NULL,
        action text NOT NULL,
        fields text[] NOT NULL DEFAULT '{}',
        details jsonb
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE config_audit_records');
    await queryRunner.query('DROP TABLE config_api_tokens');
    await queryRunner.query('DROP TABLE config_directory_settings_versions');
  }
}
