/**
 * The console's session cookie: HttpOnly (scripts never see it),
 * SameSite=Strict (no other site's page sends it), Secure when the request
 * came over TLS, where it also takes the `__Host-` prefix (this host only,
 * path /). Pure, so it is tested with tables.
 */
export const SESSION_COOKIE = 'dirsync_console';
export const SECURE_SESSION_COOKIE = `__Host-${SESSION_COOKIE}`;

export function sessionCookieName(secure: boolean): string {
  return secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
}

export function serializeSessionCookie(
  value: string,
  options: { secure: boolean; maxAgeSeconds: number },
): string {
  const parts = [
    `${sessionCookieName(options.secure)}=${value}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Strict',
    `Max-Age=${Math.max(0, Math.floor(options.maxAgeSeconds))}`,
  ];
  if (options.secure) parts.push('Secure');
  return parts.join('; ');
}

/** The session token from a Cookie header (either name), or null. */
export function sessionTokenFromCookies(header: string | undefined): string | null {
  if (!header) return null;
  for (const pair of header.split(';')) {
    const index = pair.indexOf('=');
    if (index < 0) continue;
    const name = pair.slice(0, index).trim();
    if (name !== SESSION_COOKIE && name !== SECURE_SESSION_COOKIE) continue;
    const value = pair.slice(index + 1).trim();
    if (/^[A-Za-z0-9_-]{20,200}$/.test(value)) return value;
  }
  return null;
}

/**
 * Whether a request that changes something may be trusted with the cookie:
 * the X-CSRF-Token the console got at sign-in, and no Origin of another
 * site (browsers send Origin with every such request; curl sends none).
 */
export function csrfProblem(input: {
  method: string;
  expectedToken: string;
  givenToken: string | undefined;
  origin: string | undefined;
  host: string | undefined;
  secure: boolean;
}): string | null {
  if (['GET', 'HEAD', 'OPTIONS'].includes(input.method.toUpperCase())) return null;
  if (input.origin !== undefined) {
    const expected = `${input.secure ? 'https' : 'http'}://${input.host ?? ''}`;
    if (input.origin !== expected) return `the request comes from another origin (${input.origin})`;
  }
  if (!input.givenToken || input.givenToken !== input.expectedToken)
    return 'the X-CSRF-Token header is missing or wrong';
  return null;
}
