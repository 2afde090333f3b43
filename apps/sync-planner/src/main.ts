import 'reflect-metadata';
import 'amqplib';
import 'amqp-connection-manager';
import { messagingOptionsFromEnv, rpcServerOptions } from '@dirsync/messaging';
import { bootstrapService, exitOnStartupFailure, loadEnv } from '@dirsync/service-kit';
import { AppModule } from './app.module';
import { SyncPlannerEnv } from './config/sync-planner.env';

async function main() {
  const env = loadEnv(SyncPlannerEnv);
  await bootstrapService({
    module: AppModule.register(env),
    httpHost: env.HTTP_HOST,
    httpPort: env.HTTP_PORT,
    microservice: rpcServerOptions(messagingOptionsFromEnv(env, 'sync-planner')),
  });
}

main().catch(exitOnStartupFailure('sync-planner'));
