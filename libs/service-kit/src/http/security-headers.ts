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

/** Every header of SECURITY_HEADERS plus the API's Content-Security-Policy. */
const API_SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  ...SECURITY_HEADERS,
  'Content-Security-Policy': API_CONTENT_SECURITY_POLICY,
});

/**
 * The security headers of an answer to `path`. `htmlPathPrefixes`: pages
 * meant for a browser (the OpenAPI viewer), which need scripts and styles
 * and so get no Content-Security-Policy from here.
 */
export function securityHeadersFor(
  path: string,
  htmlPathPrefixes: readonly string[] = [],
): Readonly<Record<string, string>> {
  return htmlPathPrefixes.some((prefix) => path.startsWith(prefix))
    ? SECURITY_HEADERS
    : API_SECURITY_HEADERS;
}

/** `securityHeadersFor` as Express middleware. */
export function securityHeaders(htmlPathPrefixes: readonly string[] = []) {
  return (request: IncomingMessage, response: ServerResponse, next: () => void) => {
    const headers = securityHeadersFor(request.url ?? '', htmlPathPrefixes);
    for (const name in headers) response.setHeader(name, headers[name] ?? '');
    next();
  };
}
