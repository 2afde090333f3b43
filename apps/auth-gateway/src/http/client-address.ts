import type { Request } from 'express';

/**
 * The caller's address for rate limits and audit: Express's `req.ip`, which
 * honours X-Forwarded-For only when TRUST_PROXY says the proxy is ours.
 * IPv4 clients of a dual-stack socket appear as `::ffff:a.b.c.d`; one client
 * must have one key.
 */
export function clientAddress(request: Request): string | null {
  const address = request.ip ?? request.socket.remoteAddress;
  if (!address) return null;
  return address.startsWith('::ffff:') && address.includes('.')
    ? address.slice('::ffff:'.length)
    : address;
}
