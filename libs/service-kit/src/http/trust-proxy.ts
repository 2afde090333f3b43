/** The part of an Express application that `trust proxy` is set on. */
interface ExpressSettings {
  set(setting: string, value: unknown): unknown;
}

/**
 * A TRUST_PROXY variable (`true`, a hop count such as `1`, or addresses and
 * subnets such as `loopback` or `10.0.0.0/8`) as Express's `trust proxy` and
 * Fastify's `trustProxy` both take it (both compile it with proxy-addr, a
 * list split at commas): only then are X-Forwarded-For and
 * X-Forwarded-Proto believed, and only from those proxies. Unset, empty or
 * `false`: undefined (the socket's address and protocol).
 */
export function trustProxySetting(
  value: string | undefined,
): boolean | number | string | undefined {
  const trust = value?.trim();
  if (!trust || trust === 'false') return undefined;
  return trust === 'true' ? true : /^\d+$/.test(trust) ? Number(trust) : trust;
}

/** Express `trust proxy` from a TRUST_PROXY variable (`trustProxySetting`). */
export function applyTrustProxy(app: ExpressSettings, value: string | undefined): void {
  const trust = trustProxySetting(value);
  if (trust !== undefined) app.set('trust proxy', trust);
}
