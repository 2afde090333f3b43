import { LoggerModule, PinoLogger } from 'nestjs-pino';
import type { Level } from 'pino';
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

/**
 * Whether a line at `level` would be written: false only when the process
 * logs through pino (`structuredLogging`) at a higher level. A call on Nest's
 * `Logger` that pino then drops still costs nestjs-pino's bookkeeping (≈ 10
 * µs per sign-in in auth-gateway), so a line on a hot path asks first. Where
 * Nest logs elsewhere (a test's logger), every line is written.
 */
export function logLevelEnabled(level: Level): boolean {
  const root = PinoLogger.root as PinoLogger['logger'] | undefined;
  return root ? root.isLevelEnabled(level) : true;
}
