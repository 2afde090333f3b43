import { type DynamicModule, Module } from '@nestjs/common';
import {
  BrokerHealthCheck,
  MessagingModule,
  messagingOptionsFromEnv,
  transportSealerProvider,
} from '@dirsync/messaging';
import { HealthController, healthProviders, structuredLogging } from '@dirsync/service-kit';
import type { DirectoryReaderEnv } from './config/directory-reader.env';
import { DirectoryReadHandler } from './directory-read/directory-read.handler';
import { DirectoryReadService } from './directory-read/directory-read.service';
import { LdapDirectoryClient } from './directory-read/ldap-directory.client';
import { RunSettingsClient } from './directory-read/run-settings.client';

@Module({})
export class AppModule {
  static register(env: DirectoryReaderEnv): DynamicModule {
    return {
      module: AppModule,
      imports: [
        structuredLogging('directory-reader', env.LOG_LEVEL),
        MessagingModule.forRoot(messagingOptionsFromEnv(env, 'directory-reader')),
      ],
      controllers: [HealthController, DirectoryReadHandler],
      providers: [
        DirectoryReadService,
        LdapDirectoryClient,
        RunSettingsClient,
        transportSealerProvider(env),
        ...healthProviders(BrokerHealthCheck),
      ],
    };
  }
}
