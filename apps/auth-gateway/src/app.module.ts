import { type DynamicModule, Module } from '@nestjs/common';
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
import { SignInAudit } from './audit/sign-in-audit';
import { AuthGatewayEnv } from './config/auth-gateway.env';
import { DirectoryBindClient } from './directory/directory-bind.client';
import { LdapConnector } from './directory/ldap-connector';
import { LdapPools } from './directory/ldap-pools';
import { DatabaseModule } from './database/database.module';
import { DirectorySettingsClient } from './lookups/directory-settings.client';
import { UserStoreClient } from './lookups/user-store.client';
import { AdfsOidcClient } from './oidc/adfs-oidc.client';
import { OidcController } from './oidc/oidc.controller';
import { OidcFlowSealer } from './oidc/oidc-flow-sealer';
import { OidcSignInService } from './oidc/oidc-sign-in.service';
import { UserIdentityResolver } from './oidc/user-identity.resolver';
import { PasswordSignInController } from './password-sign-in/password-sign-in.controller';
import { PasswordSignInService } from './password-sign-in/password-sign-in.service';
import { SignInFailureWatch } from './rate-limit/sign-in-failure-watch';
import { SignInFailuresRepository } from './rate-limit/sign-in-failures.repository';
import { SignInThrottle } from './rate-limit/sign-in-throttle';
import { SessionController } from './session/session.controller';
import { SessionTokenService } from './session/session-token.service';
import { DirectorySettingsCache } from './settings/directory-settings.cache';
import { StoredUserCache } from './users/stored-user.cache';
import { PasswordVerifier } from './verification/password-verifier.service';
import { VerifyPasswordHandler } from './verification/verify-password.handler';

/** Everything of auth-gateway but the transport (logging, RabbitMQ), so tests can reuse it with fakes. */
export const AUTH_GATEWAY_CONTROLLERS = [
  PasswordSignInController,
  SessionController,
  OidcController,
  VerifyPasswordHandler,
];

export function authGatewayProviders(env: AuthGatewayEnv) {
  return [
    { provide: AuthGatewayEnv, useValue: env },
    transportSealerProvider(env),
    SignInFailuresRepository,
    SignInFailureWatch,
    SignInThrottle,
    SessionTokenService,
    SignInAudit,
    DirectorySettingsClient,
    DirectorySettingsCache,
    UserStoreClient,
    StoredUserCache,
    LdapConnector,
    LdapPools,
    DirectoryBindClient,
    PasswordVerifier,
    PasswordSignInService,
    OidcFlowSealer,
    AdfsOidcClient,
    UserIdentityResolver,
    OidcSignInService,
  ];
}

@Module({})
export class AppModule {
  static register(env: AuthGatewayEnv): DynamicModule {
    return {
      module: AppModule,
      imports: [
        structuredLogging('auth-gateway', env.LOG_LEVEL),
        MessagingModule.forRoot(messagingOptionsFromEnv(env, 'auth-gateway')),
        DatabaseModule.register(env.DATABASE_URL),
      ],
      controllers: [HealthController, ...AUTH_GATEWAY_CONTROLLERS],
      providers: [
        ...authGatewayProviders(env),
        ...healthProviders(DatabaseHealthCheck, BrokerHealthCheck),
      ],
    };
  }
}
