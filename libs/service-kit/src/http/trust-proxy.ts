/** The part of an Express application that `trust proxy` is set on. */
interface ExpressSettings {
  set(setting: string, value: unknown): unknown;
}

/**
 * Express `trust proxy` from a TRUST_PROXY variable (`true`, a hop count
 * such as `1`, or addresses and subnets such as `loopback` or `10.0.0.0/8`):
 * only then are X-Forwarded-For and X-Forwarded-Proto believed, and only
 * from those proxies. Unset, empty or `false`: the socket's address and
 * protocol.
 */
export function applyTrustProxy(app: ExpressSettings, value: string | undefined): void {
  const trust = value?.trim();
  if (!trust || trust === 'false') return;
  app.set('trust proxy', trust === 'true' ? true : /^\d+$/.test(trust) ? Number(trust) : trust);
}
