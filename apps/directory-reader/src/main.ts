import 'reflect-metadata';
// Nest and TypeORM load these lazily; importing them here keeps them in any bundle's dependencies.
import 'amqplib';
import 'amqp-connection-manager';
import { startService } from '@dirsync/messaging';
import { loadEnv } from '@dirsync/service-kit';
import { AppModule } from './app.module';
import { DirectoryReaderEnv } from './config/directory-reader.env';

startService(
  'directory-reader',
  () => loadEnv(DirectoryReaderEnv),
  (env) => ({ module: AppModule.register(env) }),
);
