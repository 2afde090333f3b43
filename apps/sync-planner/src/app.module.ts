import { type DynamicModule, Module } from '@nestjs/common';
import { BrokerHealthCheck, MessagingModule, messagingOptionsFromEnv } from '@dirsync/messaging';
import { HealthController, healthProviders, structuredLogging } from '@dirsync/service-kit';
import type { SyncPlannerEnv } from './config/sync-planner.env';
import { DirectoryReaderClient } from './sync-run/directory-reader.client';
import { RunLedgerClient } from './sync-run/run-ledger.client';
import { RunProgressReporter } from './sync-run/run-progress.reporter';
import { SyncRunHandler } from './sync-run/sync-run.handler';
import { SyncRunService } from './sync-run/sync-run.service';
import { StoreMirror } from './sync-run/store-mirror';
import { UserStoreClient } from './sync-run/user-store.client';

@Module({})
export class AppModule {
  static register(env: SyncPlannerEnv): DynamicModule {
    return {
      module: AppModule,
      imports: [
        structuredLogging('sync-planner', env.LOG_LEVEL),
        MessagingModule.forRoot(messagingOptionsFromEnv(env, 'sync-planner')),
      ],
      controllers: [HealthController, SyncRunHandler],
      providers: [
        SyncRunService,
        DirectoryReaderClient,
        UserStoreClient,
        StoreMirror,
        RunLedgerClient,
        RunProgressReporter,
        ...healthProviders(BrokerHealthCheck),
      ],
    };
  }
}
