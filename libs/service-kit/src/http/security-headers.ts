import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Headers on every answer of an API: nothing is cached (answers hold
 * settings, tokens and sessions), nothing is sniffed, framed or sent on as a
 * referrer, and a browser that renders an answer anyway may load nothing.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
};
export const API_CONTENT_SECURITY_POLICY =
  "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * `htmlPathPrefixes`: pages meant for a browser (the OpenAPI viewer), which
 * need scripts and styles and so get no Content-Security-Policy from here.
 */
export function securityHeaders(htmlPathPrefixes: readonly string[] = []) {
  return (request: IncomingMessage, response: ServerResponse, next: () => void) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.setHeader(name, value);
    const path = request.url ?? '';
    if (!htmlPathPrefixes.some((prefix) => path.startsWith(prefix))) {
      response.setHeader('Content-Security-Policy', API_CONTENT_SECURITY_POLICY);
    }
    next();
  };
}
