import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import {
  BrokerHealthCheck,
  MessagingModule,
  messagingOptionsFromEnv,
  transportSealerProvider,
} from '@dirsync/messaging';
import {
  DatabaseHealthCheck,
  HealthController,
  healthProviders,
  structuredLogging,
} from '@dirsync/service-kit';
import { AdminAuthGuard } from './admin-auth/admin-auth.guard';
import { ApiTokenService, BOOTSTRAP_ADMIN_TOKEN } from './admin-auth/api-token.service';
import { ApiTokensController } from './admin-auth/api-tokens.controller';
import { AuditService } from './audit/audit.service';
import { ConsoleSessionController } from './console-session/console-session.controller';
import {
  CONSOLE_SESSION_MINUTES,
  ConsoleSessionService,
} from './console-session/console-session.service';
import {
  AUTH_GATEWAY_URL,
  DirectorySignInClient,
} from './console-session/directory-sign-in.client';
import { StoredUserClient } from './console-session/stored-user.client';
import type { ConfigApiEnv } from './config/config-api.env';
import { DatabaseModule } from './database/database.module';
import { SchedulerLock } from './schedule/scheduler-lock';
import { SCHEDULER_TICK_MS, SyncScheduler } from './schedule/sync-scheduler';
import { SecretBox } from './secrets/secret-box';
import { DirectorySettingsController } from './settings/directory-settings.controller';
import { DirectorySettingsService } from './settings/directory-settings.service';
import { ldapSyntaxProvider } from './settings/ldap-syntax.provider';
import { SettingsHandler } from './settings/settings.handler';
import { SettingsRepository } from './settings/settings.repository';
import { PresetsController } from './presets/presets.controller';
import { SummaryController } from './summary/summary.controller';
import { SummaryService } from './summary/summary.service';
import { SyncController } from './sync/sync.controller';
import { UsersController } from './users/users.controller';
import { UsersService } from './users/users.service';
import { TestAuthenticationController } from './sync/test-authentication.controller';
import { SyncService } from './sync/sync.service';
import { SyncRunsController } from './sync/sync-runs.controller';
import { RunLedgerClient } from './sync/run-ledger.client';

@Module({})
export class AppModule {
  static register(env: ConfigApiEnv): DynamicModule {
    return {
      module: AppModule,
      imports: [
        structuredLogging('config-api', env.LOG_LEVEL),
        MessagingModule.forRoot(messagingOptionsFromEnv(env, 'config-api')),
        DatabaseModule.register(env.DATABASE_URL),
      ],
      controllers: [
        HealthController,
        DirectorySettingsController,
        SyncController,
        SyncRunsController,
        TestAuthenticationController,
        PresetsController,
        SummaryController,
        ApiTokensController,
        UsersController,
        ConsoleSessionController,
        SettingsHandler,
      ],
      providers: [
        {
          provide: SecretBox,
          useValue: SecretBox.fromConfig(
            env.CONFIG_ENCRYPTION_KEYS,
            env.CONFIG_ENCRYPTION_ACTIVE_KEY,
          ),
        },
        { provide: BOOTSTRAP_ADMIN_TOKEN, useValue: env.ADMIN_TOKEN },
        transportSealerProvider(env),
        { provide: APP_GUARD, useClass: AdminAuthGuard },
        ldapSyntaxProvider,
        ApiTokenService,
        AuditService,
        { provide: AUTH_GATEWAY_URL, useValue: env.AUTH_GATEWAY_URL },
        { provide: CONSOLE_SESSION_MINUTES, useValue: env.CONSOLE_SESSION_MINUTES },
        DirectorySignInClient,
        StoredUserClient,
        ConsoleSessionService,
        SettingsRepository,
        DirectorySettingsService,
        SyncService,
        RunLedgerClient,
        SummaryService,
        SchedulerLock,
        SyncScheduler,
        { provide: SCHEDULER_TICK_MS, useValue: env.SCHEDULER_TICK_SECONDS * 1000 },
        UsersService,
        ...healthProviders(DatabaseHealthCheck, BrokerHealthCheck),
      ],
    };
  }
}
