import 'pg';
import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SignInFailures1795900000000 } from './migrations/1795900000000-sign-in-failures';

/**
 * auth-gateway's own table (`auth_sign_in_failures`) in the shared database,
 * with its own migrations table so the other services' migrations never
 * interfere. Migrations run at start-up; queries are plain SQL (no entities).
 */
@Module({})
export class DatabaseModule {
  static register(databaseUrl: string): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRoot({
          type: 'postgres',
          url: databaseUrl,
          entities: [],
          migrations: [SignInFailures1795900000000],
          migrationsTableName: 'auth_gateway_migrations',
          migrationsRun: true,
          synchronize: false,
          logging: ['error'],
          applicationName: 'auth-gateway',
          retryAttempts: 3,
        }),
      ],
    };
  }
}
