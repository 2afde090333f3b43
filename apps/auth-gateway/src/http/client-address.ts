import type { FastifyRequest } from 'fastify';

/**
 * The caller's address for rate limits and audit: Fastify's `request.ip`,
 * which honours X-Forwarded-For only when TRUST_PROXY says the proxy is
 * ours (the same proxy-addr rules as Express's `req.ip`).
 * IPv4 clients of a dual-stack socket appear as `::ffff:a.b.c.d`; one client
 * must have one key.
 */
export function clientAddress(request: FastifyRequest): string | null {
  const address = request.ip || request.socket.remoteAddress;
  if (!address) return null;
  return address.startsWith('::ffff:') && address.includes('.')
    ? address.slice('::ffff:'.length)
    : address;
}
