import 'reflect-metadata';
import 'pg';
import { DataSource } from 'typeorm';
import { loadEnv, runMigrationsLocked } from '@dirsync/service-kit';
import { MigrateEnv } from './config/migrate.env';
import { userStoreDataSourceOptions } from './database/data-source.options';

/**
 * Runs the user store's pending migrations and exits, for deployments that
 * migrate before starting the service (which would otherwise run them at
 * start-up):
 *
 *   DATABASE_URL=postgres://… node dist/apps/user-store/src/migrate.js
 *
 * Prints one JSON line per applied migration; exit code 0 when the schema is
 * current, 1 on failure.
 */
async function main() {
  const env = loadEnv(MigrateEnv);
  const dataSource = new DataSource({
    ...userStoreDataSourceOptions(env.DATABASE_URL),
    logging: ['error'],
  });
  await dataSource.initialize();
  try {
    const applied = await runMigrationsLocked(dataSource);
    for (const migration of applied) log('info', `applied ${migration.name}`);
    log(
      'info',
      applied.length === 0 ? 'schema already current' : `${applied.length} migration(s) applied`,
    );
  } finally {
    await dataSource.destroy();
  }
}

function log(level: string, msg: string) {
  process.stdout.write(`${JSON.stringify({ level, service: 'user-store', msg })}\n`);
}

main().catch((error: unknown) => {
  const err = error as Error;
  process.stderr.write(
    `${JSON.stringify({ level: 'fatal', service: 'user-store', msg: `migration failed: ${err.message}`, err: { name: err.name, stack: err.stack } })}\n`,
  );
  process.exit(1);
});
