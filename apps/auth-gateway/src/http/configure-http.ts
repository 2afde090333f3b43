import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AuthGatewayEnv } from '../config/auth-gateway.env';

/**
 * Express settings of the public face: X-Forwarded-For is believed only from
 * the proxies TRUST_PROXY names (otherwise anyone could pick the address the
 * rate limit counts), and the framework is not announced.
 */
export function configureHttp(app: NestExpressApplication, env: AuthGatewayEnv): void {
  const trust = env.TRUST_PROXY?.trim();
  if (trust && trust !== 'false') {
    app.set('trust proxy', trust === 'true' ? true : /^\d+$/.test(trust) ? Number(trust) : trust);
  }
  app.disable('x-powered-by');
}
