import { LoggerModule } from 'nestjs-pino';
import type { DynamicModule } from '@nestjs/common';

/**
 * Paths that may hold secrets anywhere in a log line. Messages and bodies are
 * never logged whole, this is the second line of defence.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.bindPassword',
  '*.clientSecret',
  '*.*.bindPassword',
  '*.*.clientSecret',
  '*.token',
];

/**
 * Structured JSON logs (pino), one line per event, tagged with the service
 * name. pino-http's per-request middleware is applied to no route: each
 * request's line is written by `requestLog` (http/request-log.ts, installed by
 * hardenHttp), without a child logger per request.
 */
export function structuredLogging(service: string, level: string): DynamicModule {
  return LoggerModule.forRoot({
    pinoHttp: {
      level,
      base: { service },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    },
    forRoutes: [],
  });
}
