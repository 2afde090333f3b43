import 'reflect-metadata';
import 'amqplib';
import 'amqp-connection-manager';
import 'pg';
import { messagingOptionsFromEnv, rpcServerOptions } from '@dirsync/messaging';
import { bootstrapService, exitOnStartupFailure, loadEnv } from '@dirsync/service-kit';
import { AppModule } from './app.module';
import { ConfigApiEnv } from './config/config-api.env';
import { setupOpenApi } from './openapi/openapi';

async function main() {
  const env = loadEnv(ConfigApiEnv);
  await bootstrapService({
    module: AppModule.register(env),
    httpHost: env.HTTP_HOST,
    httpPort: env.HTTP_PORT,
    globalPrefix: 'api/v1',
    configure: setupOpenApi,
    microservice: rpcServerOptions(messagingOptionsFromEnv(env, 'config-api')),
  });
}

main().catch(exitOnStartupFailure('config-api'));
