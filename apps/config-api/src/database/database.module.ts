import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { initializeMigrated } from '@dirsync/service-kit';
import { ApiTokenEntity } from '../admin-auth/api-token.entity';
import { AuditRecordEntity } from '../audit/audit-record.entity';
import { ConsoleSessionEntity } from '../console-session/console-session.entity';
import { SettingsVersionEntity } from '../settings/settings-version.entity';
import { ConfigApiInitial1732400000000 } from './migrations/1732400000000-config-api-initial';
import { SyncRuns1732400000001 } from './migrations/1732400000001-sync-runs';
import { DropSyncRuns1796000000000 } from './migrations/1796000000000-drop-sync-runs';
import { ConsoleSessions1796100000000 } from './migrations/1796100000000-console-sessions';

export const CONFIG_API_ENTITIES = [
  SettingsVersionEntity,
  ApiTokenEntity,
  AuditRecordEntity,
  ConsoleSessionEntity,
];

/**
 * config-api's own tables (prefixed `config_`) in the shared database, with
 * their own migrations table so user-store's migrations never interfere.
 * Migrations run at start-up, one instance at a time; the schema is never synchronized from entities.
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
            entities: CONFIG_API_ENTITIES,
            migrations: [
              ConfigApiInitial1732400000000,
              SyncRuns1732400000001,
              DropSyncRuns1796000000000,
              ConsoleSessions1796100000000,
            ],
            migrationsTableName: 'config_api_migrations',
            migrationsRun: false,
            synchronize: false,
            logging: ['error' as const],
          }),
          // Instances starting at once take turns under an advisory lock.
          dataSourceFactory: (options) => initializeMigrated(new DataSource(options!)),
        }),
        TypeOrmModule.forFeature(CONFIG_API_ENTITIES),
      ],
      exports: [TypeOrmModule],
    };
  }
}
