import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';

/**
 * One log line per HTTP request once its answer is sent (or the client gave
 * up): method, path (without the query string, which may carry an OpenID
 * code or state), status and milliseconds; never a body or a header. Answers
 * of 500 and above are logged as errors, everything else at info. Health
 * probes every few seconds would drown everything else: not logged.
 *
 * Instead of pino-http, which builds a child logger (and its redaction) for
 * every request, ≈ 6 % of auth-gateway's CPU per sign-in. Logs written
 * while a request is handled therefore carry no request id.
 * `logger`: resolved per line (nestjs-pino sets its root logger at start-up).
 */
export function requestLog(logger: () => Logger | undefined) {
  return (request: IncomingMessage, response: ServerResponse, next: () => void) => {
    const url = request.url ?? '';
    if (url === '/health') return next();
    const started = performance.now();
    response.once('close', () => {
      const log = logger();
      const statusCode = response.statusCode;
      const level = statusCode >= 500 ? 'error' : 'info';
      if (!log?.isLevelEnabled(level)) return;
      const queryAt = url.indexOf('?');
      log[level](
        {
          req: { method: request.method, path: queryAt < 0 ? url : url.slice(0, queryAt) },
          res: { statusCode },
          responseTime: Math.round(performance.now() - started),
        },
        response.writableFinished ? 'request completed' : 'request aborted',
      );
    });
    next();
  };
}
