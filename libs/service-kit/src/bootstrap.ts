import 'reflect-metadata';
import { type AbstractHttpAdapter, NestFactory } from '@nestjs/core';
import type { MicroserviceOptions } from '@nestjs/microservices';
import { Logger } from 'nestjs-pino';
import { AppErrorHttpFilter } from './app-error.http-filter';
import { hardenHttp } from './http/harden-http';
import { strictValidationPipe } from './validation.pipe';

export interface ServiceBootstrapOptions {
  /** The root module. */
  module: unknown;
  httpHost: string;
  httpPort: number;
  /** The RabbitMQ request queue this service answers, if it answers any. */
  microservice?: MicroserviceOptions;
  /** Prefix for HTTP routes other than /health (e.g. `api/v1`). */
  globalPrefix?: string;
  configure?: (app: import('@nestjs/common').INestApplication) => void | Promise<void>;
  /** Pages for a browser (an API viewer): no API Content-Security-Policy there. */
  htmlPathPrefixes?: string[];
  /** The HTTP framework: Express unless given (a `FastifyAdapter` with `fastifyOptions()` for Fastify). */
  httpAdapter?: AbstractHttpAdapter;
}

/**
 * Starts one service: structured logs from the first line, the RabbitMQ
 * listener (if any) before HTTP so /health only answers once messages flow,
 * and a graceful shutdown on SIGTERM/SIGINT (Nest closes listeners, then
 * every module's onModuleDestroy/onApplicationShutdown runs).
 */
export async function bootstrapService(options: ServiceBootstrapOptions) {
  // The body parser is hardenHttp's: with limits on size and depth.
  const appOptions = { bufferLogs: true, bodyParser: false };
  const app = options.httpAdapter
    ? await NestFactory.create(options.module as never, options.httpAdapter, appOptions)
    : await NestFactory.create(options.module as never, appOptions);
  app.useLogger(app.get(Logger));
  app.flushLogs();
  hardenHttp(app, { htmlPathPrefixes: options.htmlPathPrefixes ?? [] });
  app.useGlobalFilters(new AppErrorHttpFilter());
  app.useGlobalPipes(strictValidationPipe());
  if (options.globalPrefix) app.setGlobalPrefix(options.globalPrefix, { exclude: ['health'] });
  await options.configure?.(app);
  await app.init();
  if (options.microservice) {
    app.connectMicroservice(options.microservice);
    await app.startAllMicroservices();
  }
  await app.listen(options.httpPort, options.httpHost);
  const logger = app.get(Logger);
  logger.log(`listening on http://${options.httpHost}:${options.httpPort}`, 'Bootstrap');
  exitGracefullyOnSignals(app, logger);
  return app;
}

const SHUTDOWN_GRACE_MS = 20_000;

/**
 * SIGTERM/SIGINT: stop taking work (listeners close first), let every
 * module finish and close its connections (onModuleDestroy,
 * onApplicationShutdown), then exit 0. A shutdown that hangs exits 1.
 */
function exitGracefullyOnSignals(app: { close(): Promise<void> }, logger: Logger) {
  const stop = (signal: NodeJS.Signals) => {
    logger.log(`${signal} received: shutting down`, 'Bootstrap');
    const timer = setTimeout(() => {
      logger.error(`shutdown took longer than ${SHUTDOWN_GRACE_MS} ms`, 'Bootstrap');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    app.close().then(
      () => {
        clearTimeout(timer);
        logger.log('stopped', 'Bootstrap');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed', 'Bootstrap');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

/** Last resort for start-up failures: one JSON line on stderr, exit code 1. */
export function exitOnStartupFailure(service: string) {
  return (error: unknown) => {
    const err = error as Error;
    process.stderr.write(
      `${JSON.stringify({ level: 'fatal', service, msg: `failed to start: ${err.message}`, err: { name: err.name, stack: err.stack } })}\n`,
    );
    process.exit(1);
  };
}
