import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every failure recorded in `auth_sign_in_failures` is announced on the
 * channel `auth_sign_in_failures` (delivered at commit to every auth-gateway
 * instance that listens), named by the SHA-256 of `<scope>:<key>` in hex
 * (failure-key.ts computes the same): an instance that knows a name and an
 * address have no failure needs no query to admit an attempt.
 */
export class SignInFailureNotices1796100000000 implements MigrationInterface {
  name = 'SignInFailureNotices1796100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION auth_sign_in_failure_notice() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('auth_sign_in_failures',
          encode(sha256(convert_to(NEW.scope || ':' || NEW.key, 'UTF8')), 'hex'));
        RETURN NULL;
      END
      $$`);
    await queryRunner.query(`
      CREATE TRIGGER auth_sign_in_failure_notice
        AFTER INSERT ON auth_sign_in_failures
        FOR EACH ROW EXECUTE FUNCTION auth_sign_in_failure_notice()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER auth_sign_in_failure_notice ON auth_sign_in_failures');
    await queryRunner.query('DROP FUNCTION auth_sign_in_failure_notice()');
  }
}
