import { isUtf8 } from 'node:buffer';
import type { IncomingMessage, Server } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { PinoLogger } from 'nestjs-pino';
import { BodyRejection } from './body-errors';
import { hardenFastify } from './harden-fastify';
import { INPUT_LIMITS } from './input-limits';
import { bodyShapeError, unsupportedMediaType } from './body-shape';
import { jsonNestingExceeds } from './json-body-checks';
import { answerMalformedRequests } from './malformed-requests';
import { requestLog } from './request-log';
import { securityHeaders } from './security-headers';

/**
 * What every HTTP service does with hostile input, before any controller
 * runs: one log line per request (`requestLog`), security headers on every answer, the framework not announced, JSON
 * bodies (only; UTF-8 only; objects only) read up to a size and a nesting
 * depth, keys that would reach an object's prototype refused, and Node's parser errors
 * answered cleanly. The app must be created with `bodyParser: false`. On
 * Fastify (`fastifyHttpAdapter`), `hardenFastify` does the same.
 */
export function hardenHttp(app: INestApplication, options: { htmlPathPrefixes?: string[] } = {}) {
  if (app.getHttpAdapter().getType() === 'fastify') {
    hardenFastify(app as NestFastifyApplication, options.htmlPathPrefixes);
    return;
  }
  const express = app as NestExpressApplication;
  express.disable('x-powered-by');
  // First, so that its time covers the whole request and it sees the refusals below too.
  express.use(requestLog(() => PinoLogger.root));
  express.use(securityHeaders(options.htmlPathPrefixes));
  // Nest's types keep `verify` for its rawBody option, which no service uses; body-parser takes it.
  const jsonOptions = {
    limit: INPUT_LIMITS.maxBodyBytes,
    type: ['application/json', 'application/*+json'],
    verify: (_request: unknown, _response: unknown, body: Buffer, encoding: string) => {
      if (encoding.toLowerCase() !== 'utf-8') throw new BodyRejection('json.charset', 415);
      if (!isUtf8(body)) throw new BodyRejection('json.not.utf8', 400);
      if (jsonNestingExceeds(body)) throw new BodyRejection('json.too.deep', 400);
    },
  };
  express.useBodyParser('json', jsonOptions);
  express.use(
    (
      request: IncomingMessage & { body?: unknown },
      _response: unknown,
      next: (error?: unknown) => void,
    ) => {
      if (request.body === undefined && carriesBody(request)) return next(unsupportedMediaType());
      next(bodyShapeError(request.body) ?? undefined);
    },
  );
  answerMalformedRequests(app.getHttpServer() as Server);
}

/** A body the JSON parser left unread (another media type): non-empty, or of unknown length. */
function carriesBody(request: IncomingMessage): boolean {
  const length = request.headers['content-length'];
  return (
    request.headers['transfer-encoding'] !== undefined ||
    (length !== undefined && Number(length) > 0)
  );
}
