import 'reflect-metadata';
import 'amqplib';
import 'amqp-connection-manager';
import { messagingOptionsFromEnv, rpcServerOptions } from '@dirsync/messaging';
import { bootstrapService, exitOnStartupFailure, loadEnv } from '@dirsync/service-kit';
import { AppModule } from './app.module';
import { DirectoryReaderEnv } from './config/directory-reader.env';

async function main() {
  const env = loadEnv(DirectoryReaderEnv);
  await bootstrapService({
    module: AppModule.register(env),
    httpHost: env.HTTP_HOST,
    httpPort: env.HTTP_PORT,
    microservice: rpcServerOptions(messagingOptionsFromEnv(env, 'directory-reader')),
  });
}

main().catch(exitOnStartupFailure('directory-reader'));
