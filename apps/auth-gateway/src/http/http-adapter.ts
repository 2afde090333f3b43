import { FastifyAdapter } from '@nestjs/platform-fastify';
import { fastifyOptions } from '@dirsync/service-kit';
import type { AuthGatewayEnv } from '../config/auth-gateway.env';

/**
 * auth-gateway serves HTTP on Fastify (README, Performance: Express, its
 * router and body-parser were about a fifth of its CPU per sign-in), with the
 * limits and answers of every HTTP service (`hardenHttp` → `hardenFastify`).
 * X-Forwarded-For is believed only from the proxies TRUST_PROXY names
 * (otherwise anyone could pick the address the rate limit counts). Fastify
 * sends no X-Powered-By and makes no ETag (every answer is `no-store`).
 */
export function authGatewayHttpAdapter(env: AuthGatewayEnv): FastifyAdapter {
  return new FastifyAdapter(fastifyOptions({ trustProxy: env.TRUST_PROXY }));
}
