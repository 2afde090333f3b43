import 'reflect-metadata';
import 'amqplib';
import 'amqp-connection-manager';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { messagingOptionsFromEnv, rpcServerOptions } from '@dirsync/messaging';
import { bootstrapService, exitOnStartupFailure } from '@dirsync/service-kit';
import { AppModule } from './app.module';
import { loadAuthGatewayEnv } from './config/auth-gateway.env';
import { configureHttp } from './http/configure-http';

async function main() {
  const env = loadAuthGatewayEnv();
  if (env.OIDC_ALLOW_INSECURE_HTTP_ISSUER) {
    process.stderr.write(
      `${JSON.stringify({ level: 'warn', service: 'auth-gateway', msg: 'OIDC_ALLOW_INSECURE_HTTP_ISSUER is set: AD FS over plain http is accepted (tests only)' })}\n`,
    );
  }
  await bootstrapService({
    module: AppModule.register(env),
    httpHost: env.HTTP_HOST,
    httpPort: env.HTTP_PORT,
    globalPrefix: 'api/v1',
    microservice: rpcServerOptions(messagingOptionsFromEnv(env, 'auth-gateway')),
    configure: (app) => configureHttp(app as NestExpressApplication, env),
  });
}

main().catch(exitOnStartupFailure('auth-gateway'));
