import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BrokerHealthCheck, MessagingModule, messagingOptionsFromEnv } from '@dirsync/messaging';
import { DataSource } from 'typeorm';
import {
  DatabaseHealthCheck,
  HealthController,
  healthProviders,
  initializeMigrated,
  structuredLogging,
} from '@dirsync/service-kit';
import { ApplyPlanHandler } from './apply/apply-plan.handler';
import { ApplyPlanService } from './apply/apply-plan.service';
import { ArchiveFolderRepository } from './archive/archive-folder.repository';
import type { UserStoreEnv } from './config/user-store.env';
import { userStoreDataSourceOptions } from './database/data-source.options';
import { LocalUsersHandler } from './local-users/local-users.handler';
import { LocalUsersService } from './local-users/local-users.service';
import { OutboxRelay } from './outbox/outbox-relay';
import { OUTBOX_RELAY_OPTIONS } from './outbox/outbox-relay.options';
import { OutboxRepository } from './outbox/outbox.repository';
import { UserLifecycle } from './users/user-lifecycle.service';
import { UserQueryService } from './users/user-query.service';
import { UserRepository } from './users/user.repository';
import { UsersHandler } from './users/users.handler';
import { UserPrivilegesHandler } from './privileges/user-privileges.handler';
import { UserPrivilegesService } from './privileges/user-privileges.service';
import { RunLedger } from './runs/run-ledger.service';
import { RUN_LEDGER_OPTIONS } from './runs/run-ledger.options';
import { RunReaper } from './runs/run-reaper';
import { SyncRunsHandler } from './runs/sync-runs.handler';
import { SyncRunsRepository } from './runs/sync-runs.repository';
import { PlanStagingRepository } from './runs/plan-staging.repository';

@Module({})
export class AppModule {
  static register(env: UserStoreEnv): DynamicModule {
    return {
      module: AppModule,
      imports: [
        structuredLogging('user-store', env.LOG_LEVEL),
        MessagingModule.forRoot(messagingOptionsFromEnv(env, 'user-store')),
        // Pending migrations run before the service answers anything; the
        // DataSource is closed on shutdown, after the outbox relay stopped.
        // Two instances starting at once take turns under an advisory lock (initializeMigrated).
        TypeOrmModule.forRootAsync({
          useFactory: () => ({
            ...userStoreDataSourceOptions(env.DATABASE_URL),
            migrationsRun: false,
            logging: ['error', 'migration'],
            retryAttempts: 3,
          }),
          dataSourceFactory: (options) => initializeMigrated(new DataSource(options!)),
        }),
      ],
      controllers: [
        HealthController,
        UsersHandler,
        ApplyPlanHandler,
        LocalUsersHandler,
        UserPrivilegesHandler,
        SyncRunsHandler,
      ],
      providers: [
        {
          provide: OUTBOX_RELAY_OPTIONS,
          useValue: {
            intervalMs: env.OUTBOX_RELAY_INTERVAL_MS,
            retentionMs: env.OUTBOX_RETENTION_DAYS * 24 * 60 * 60_000,
          },
        },
        {
          provide: RUN_LEDGER_OPTIONS,
          useValue: {
            leaseMs: env.RUN_LEASE_MS,
            queuedMs: env.RUN_QUEUED_TIMEOUT_MS,
            reaperIntervalMs: env.RUN_REAPER_INTERVAL_MS,
            planRetentionDays: env.RUN_PLAN_RETENTION_DAYS,
          },
        },
        SyncRunsRepository,
        PlanStagingRepository,
        RunLedger,
        RunReaper,
        UserRepository,
        ArchiveFolderRepository,
        OutboxRepository,
        UserLifecycle,
        OutboxRelay,
        UserQueryService,
        ApplyPlanService,
        LocalUsersService,
        UserPrivilegesService,
        ...healthProviders(DatabaseHealthCheck, BrokerHealthCheck),
      ],
    };
  }
}
