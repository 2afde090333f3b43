import type { NestExpressApplication } from '@nestjs/platform-express';
import { applyTrustProxy } from '@dirsync/service-kit';
import type { AuthGatewayEnv } from '../config/auth-gateway.env';

/**
 * Express settings of the public face: X-Forwarded-For is believed only from
 * the proxies TRUST_PROXY names (otherwise anyone could pick the address the
 * rate limit counts), the framework is not announced, and no ETag is made:
 * every answer is `no-store` (tokens, sessions), so a SHA-1 of each body per
 * request could never serve a cache.
 */
export function configureHttp(app: NestExpressApplication, env: AuthGatewayEnv): void {
  applyTrustProxy(app, env.TRUST_PROXY);
  app.disable('x-powered-by');
  app.set('etag', false);
}
