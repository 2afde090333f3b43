/**
 * The value of one cookie in a Cookie header (RFC 6265 §5.4), or undefined.
 * Written out because it is all we need of cookie-parser.
 */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const pair of header.split(';')) {
    const separator = pair.indexOf('=');
    if (separator === -1) continue;
    if (pair.slice(0, separator).trim() !== name) continue;
    const value = pair.slice(separator + 1).trim();
    return value.startsWith('"') && value.endsWith('"') && value.length >= 2
      ? value.slice(1, -1)
      : value;
  }
  return undefined;
}

export interface CookieAttributes {
  path: string;
  httpOnly: boolean;
  secure: boolean;
  sameSite: 'Lax' | 'Strict';
  /** Seconds; with `Expires` for clients that ignore Max-Age. */
  maxAgeSeconds?: number;
  /** Past: the cookie is removed. */
  expires?: Date;
}

/**
 * A Set-Cookie value (RFC 6265 §4.1), attributes in the order Express's
 * `res.cookie` wrote them. The value is percent-encoded as Express did.
 */
export function serializeCookie(name: string, value: string, attributes: CookieAttributes): string {
  const parts = [`${name}=${encodeURIComponent(value)}`];
  const expires =
    attributes.maxAgeSeconds === undefined
      ? attributes.expires
      : new Date(Date.now() + attributes.maxAgeSeconds * 1000);
  if (attributes.maxAgeSeconds !== undefined) parts.push(`Max-Age=${attributes.maxAgeSeconds}`);
  parts.push(`Path=${attributes.path}`);
  if (expires) parts.push(`Expires=${expires.toUTCString()}`);
  if (attributes.httpOnly) parts.push('HttpOnly');
  if (attributes.secure) parts.push('Secure');
  parts.push(`SameSite=${attributes.sameSite}`);
  return parts.join('; ');
}

/** A Set-Cookie value that removes the cookie at `path`. */
export function clearingCookie(name: string, attributes: Omit<CookieAttributes, 'maxAgeSeconds'>) {
  return serializeCookie(name, '', { ...attributes, expires: new Date(0) });
}
