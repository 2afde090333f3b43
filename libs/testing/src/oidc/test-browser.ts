interface StoredCookie {
  name: string;
  value: string;
  path: string;
}

/**
 * Just enough of a browser for an OpenID Connect code flow: it keeps cookies
 * (by name and path; every server here is 127.0.0.1, and browsers do not
 * separate cookies by port either) and follows redirects one at a time, so a
 * test can stop at the redirect URI and decide what to send there.
 */
export class TestBrowser {
  private cookies: StoredCookie[] = [];

  async get(url: string, headers: Record<string, string> = {}): Promise<Response> {
    const target = new URL(url);
    const cookie = this.cookieHeader(target.pathname);
    const response = await fetch(target, {
      redirect: 'manual',
      headers: { ...headers, ...(cookie ? { cookie } : {}) },
    });
    this.store(response, target.pathname);
    return response;
  }

  /**
   * Follows redirects from `url` until the next location satisfies `stop`,
   * and returns that location without requesting it (e.g. the callback URL
   * with `code` and `state`). Fails on any answer that is not a redirect.
   */
  async followUntil(
    url: string,
    stop: (location: string) => boolean,
    maxHops = 10,
  ): Promise<string> {
    let current = url;
    for (let hop = 0; hop < maxHops; hop += 1) {
      if (stop(current)) return current;
      const response = await this.get(current);
      const location = response.headers.get('location');
      if (response.status < 300 || response.status > 399 || !location) {
        throw new Error(
          `expected a redirect from ${current}, got ${response.status}: ${await response.text()}`,
        );
      }
      current = new URL(location, current).href;
    }
    throw new Error(
      `no redirect to the expected location within ${maxHops} hops (last: ${current})`,
    );
  }

  /** The value of a cookie that would be sent to `path`, if any. */
  cookie(name: string, path = '/'): string | undefined {
    return this.cookies.find((cookie) => cookie.name === name && pathMatches(path, cookie.path))
      ?.value;
  }

  setCookie(name: string, value: string, path = '/'): void {
    this.cookies = this.cookies.filter((cookie) => !(cookie.name === name && cookie.path === path));
    this.cookies.push({ name, value, path });
  }

  clearCookies(): void {
    this.cookies = [];
  }

  private cookieHeader(path: string): string {
    return this.cookies
      .filter((cookie) => pathMatches(path, cookie.path))
      .map((cookie) => `${cookie.name}=${cookie.value}`)
      .join('; ');
  }

  private store(response: Response, requestPath: string): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const separator = pair.indexOf('=');
      if (separator === -1) continue;
      const name = pair.slice(0, separator).trim();
      const value = pair.slice(separator + 1).trim();
      const attribute = (key: string) =>
        attributes
          .map((part) => part.trim())
          .find((part) => part.toLowerCase().startsWith(`${key}=`))
          ?.split('=')[1];
      const path = attribute('path') ?? defaultPath(requestPath);
      const expires = attribute('expires');
      const removed =
        attribute('max-age') === '0' ||
        (expires !== undefined && Date.parse(expires) <= Date.now());
      this.cookies = this.cookies.filter(
        (cookie) => !(cookie.name === name && cookie.path === path),
      );
      if (!removed) this.cookies.push({ name, value, path });
    }
  }
}

function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/';
}

function defaultPath(requestPath: string): string {
  const slash = requestPath.lastIndexOf('/');
  return slash <= 0 ? '/' : requestPath.slice(0, slash);
}
