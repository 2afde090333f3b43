import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type INestApplication, Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Express, NextFunction, Request, Response } from 'express';

/** Where the admin console is served: the same origin as the API, so its cookie and CSRF rules hold. */
export const CONSOLE_PATH = '/console';

/**
 * The console's own policy: its scripts, styles and API calls come from
 * this origin only; nothing frames it.
 */
export const CONSOLE_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "object-src 'none'",
].join('; ');

/** The build's output next to config-api's in dist/ (dist/apps/admin-console). */
export function defaultConsoleDir(): string {
  return join(__dirname, '..', '..', '..', 'admin-console');
}

/** Serves the built admin console (static files) at /console/. */
export function serveConsole(app: INestApplication, directory: string): void {
  const express = app as NestExpressApplication;
  if (!existsSync(join(directory, 'index.html'))) {
    new Logger('Console').warn(
      `the admin console is not built (${directory}/index.html is missing): npm run build`,
    );
  }
  express.use(CONSOLE_PATH, (_request: Request, response: Response, next: NextFunction) => {
    response.setHeader('Content-Security-Policy', CONSOLE_CONTENT_SECURITY_POLICY);
    next();
  });
  express.useStaticAssets(directory, { prefix: `${CONSOLE_PATH}/`, index: 'index.html' });
  // The API's root leads to the console.
  const server: Express = express.getHttpAdapter().getInstance();
  server.get('/', (_request: Request, response: Response) => response.redirect(`${CONSOLE_PATH}/`));
}
