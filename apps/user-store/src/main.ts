import 'reflect-metadata';
// Nest and TypeORM load these lazily; importing them here keeps them in any bundle's dependencies.
import 'amqplib';
import 'amqp-connection-manager';
import 'pg';
import { startService } from '@dirsync/messaging';
import { loadEnv } from '@dirsync/service-kit';
import { AppModule } from './app.module';
import { UserStoreEnv } from './config/user-store.env';

startService(
  'user-store',
  () => loadEnv(UserStoreEnv),
  (env) => ({ module: AppModule.register(env) }),
);
