import 'pg';
import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { initializeMigrated } from '@dirsync/service-kit';
import { SignInFailures1795900000000 } from './migrations/1795900000000-sign-in-failures';
import { SignInFailureNotices1796100000000 } from './migrations/1796100000000-sign-in-failure-notices';

/**
 * auth-gateway's own table (`auth_sign_in_failures`) in the shared database,
 * with its own migrations table so the other services' migrations never
 * interfere. Migrations run at start-up, one instance at a time; queries are plain SQL (no entities).
 */
@Module({})
export class DatabaseModule {
  static register(databaseUrl: string): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => ({
            type: 'postgres' as const,
            url: databaseUrl,
            entities: [],
            migrations: [SignInFailures1795900000000, SignInFailureNotices1796100000000],
            migrationsTableName: 'auth_gateway_migrations',
            migrationsRun: false,
            synchronize: false,
            logging: ['error' as const],
            applicationName: 'auth-gateway',
            retryAttempts: 3,
          }),
          // Instances starting at once take turns under an advisory lock.
          dataSourceFactory: (options) => initializeMigrated(new DataSource(options!)),
        }),
      ],
    };
  }
}
