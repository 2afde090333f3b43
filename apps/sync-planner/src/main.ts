import 'reflect-metadata';
// Nest and TypeORM load these lazily; importing them here keeps them in any bundle's dependencies.
import 'amqplib';
import 'amqp-connection-manager';
import { startService } from '@dirsync/messaging';
import { loadEnv } from '@dirsync/service-kit';
import { AppModule } from './app.module';
import { SyncPlannerEnv } from './config/sync-planner.env';

startService(
  'sync-planner',
  () => loadEnv(SyncPlannerEnv),
  (env) => ({ module: AppModule.register(env) }),
);
