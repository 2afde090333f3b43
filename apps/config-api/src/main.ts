import 'reflect-metadata';
// Nest and TypeORM load these lazily; importing them here keeps them in any bundle's dependencies.
import 'amqplib';
import 'amqp-connection-manager';
import 'pg';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { startService } from '@dirsync/messaging';
import { applyTrustProxy, loadEnv } from '@dirsync/service-kit';
import { AppModule } from './app.module';
import { CONSOLE_PATH, defaultConsoleDir, serveConsole } from './console/serve-console';
import { ConfigApiEnv } from './config/config-api.env';
import { setupOpenApi } from './openapi/openapi';

startService(
  'config-api',
  () => loadEnv(ConfigApiEnv),
  (env) => ({
    module: AppModule.register(env),
    globalPrefix: 'api/v1',
    configure: (app) => {
      applyTrustProxy(app as NestExpressApplication, env.TRUST_PROXY);
      setupOpenApi(app);
      serveConsole(app, env.CONSOLE_DIR ?? defaultConsoleDir());
    },
    htmlPathPrefixes: ['/api/docs', CONSOLE_PATH],
  }),
);
