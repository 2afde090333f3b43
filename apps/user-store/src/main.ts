import 'reflect-metadata';
// Loaded lazily by Nest and TypeORM: imported here so a bundle's dependency list includes them.
import 'amqplib';
import 'amqp-connection-manager';
import 'pg';
import { messagingOptionsFromEnv, rpcServerOptions } from '@dirsync/messaging';
import { bootstrapService, exitOnStartupFailure, loadEnv } from '@dirsync/service-kit';
import { AppModule } from './app.module';
import { UserStoreEnv } from './config/user-store.env';

async function main() {
  const env = loadEnv(UserStoreEnv);
  await bootstrapService({
    module: AppModule.register(env),
    httpHost: env.HTTP_HOST,
    httpPort: env.HTTP_PORT,
    microservice: rpcServerOptions(messagingOptionsFromEnv(env, 'user-store')),
  });
}

main().catch(exitOnStartupFailure('user-store'));
