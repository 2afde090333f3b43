import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyServerOptions } from 'fastify';
import { PinoLogger } from 'nestjs-pino';
import { bodyReadingError } from './body-errors';
import { INPUT_LIMITS } from './input-limits';
import { readJsonBody } from './json-body-reader';
import { answerMalformedRequests } from './malformed-requests';
import { requestLog } from './request-log';
import { securityHeadersFor } from './security-headers';
import { trustProxySetting } from './trust-proxy';

/**
 * The options of a `FastifyAdapter` for a service that serves on Fastify instead of Express
 * (auth-gateway: Express, its router and body-parser cost about a fifth of
 * its CPU per sign-in). The settings that Express had by default or from
 * `hardenHttp` and that Fastify takes at construction: TRUST_PROXY as
 * `trustProxy` (the same proxy-addr rules as Express's `trust proxy`),
 * routes matched without regard to case or a trailing slash (as Express),
 * idle keep-alive connections closed after Node's 5 s (as Express),
 * Node's parser errors answered by `answerMalformedRequests` only, and a
 * malformed URL (`/%`) answered like any other refusal. (Only the type of
 * Fastify is imported here, so that the services on Express never load it.)
 */
export function fastifyOptions(options: { trustProxy?: string } = {}): FastifyServerOptions {
  const trust = trustProxySetting(options.trustProxy);
  // A hop count as Express counts it (Fastify 5 trusts no hop for a number).
  const trustProxy =
    typeof trust === 'number' ? (_address: string, hop: number) => hop < trust : trust;
  return {
    ...(trustProxy === undefined ? {} : { trustProxy }),
    bodyLimit: INPUT_LIMITS.maxBodyBytes,
    // Node's default, which Express kept (Fastify's own is 72 s): idle keep-alive sockets are not held longer.
    keepAliveTimeout: 5_000,
    clientErrorHandler: () => undefined,
    routerOptions: { ignoreTrailingSlash: true, caseSensitive: false },
    // The router refused the URL before any hook ran: no security headers yet.
    frameworkErrors: (error, request, reply) => {
      void reply.headers(securityHeadersFor(request.raw.url ?? ''));
      const refusal = bodyReadingError(error.code === 'FST_ERR_BAD_URL' ? new URIError() : error);
      const status = refusal?.status ?? 400;
      void (reply as unknown as { status(code: number): { send(body: unknown): unknown } })
        .status(status)
        .send({
          statusCode: status,
          code: refusal?.code ?? 'malformed-request',
          message: refusal?.message ?? 'request was refused',
          details: refusal?.details ?? [{ field: 'request', message: 'request was refused' }],
        });
    },
  };
}

/**
 * `hardenHttp` for an application on a `FastifyAdapter` (`fastifyOptions`): the request log
 * and the security headers as the first hook of every request (404s and
 * refusals included), the one body reader (`readJsonBody`: the limits and
 * answers of body-parser and `hardenHttp` on Express) in place of Fastify's
 * parsers, and Node's parser errors answered cleanly. Fastify reads bodies
 * only of the methods that have one (not GET, HEAD); it sends no
 * X-Powered-By and no ETag.
 */
export function hardenFastify(app: NestFastifyApplication, htmlPathPrefixes: string[] = []): void {
  const fastify = app.getHttpAdapter().getInstance();
  const log = requestLog(() => PinoLogger.root);
  fastify.addHook('onRequest', (request, reply, done) => {
    // On Fastify's reply, not the raw response: a header set on the raw
    // response makes Node take every header of the answer through setHeader
    // again at writeHead, validating each twice (README, Performance).
    reply.headers(securityHeadersFor(request.raw.url ?? '', htmlPathPrefixes));
    log(request.raw, reply.raw, done);
  });
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', (request, _payload, done) => readJsonBody(request.raw, done));
  answerMalformedRequests(fastify.server);
}
