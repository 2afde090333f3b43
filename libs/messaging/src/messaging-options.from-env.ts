import { readFileSync } from 'node:fs';
import type { ServiceName } from '@dirsync/contracts';
import type { BaseServiceEnv } from '@dirsync/service-kit';
import type { MessagingOptions } from './messaging-options';

/** `env` was validated by loadEnv: AMQP_CA_FILE, if set, is a readable PEM file and the URL is amqps. */
export function messagingOptionsFromEnv(
  env: BaseServiceEnv,
  service: ServiceName,
): MessagingOptions {
  const tls = {
    ...(env.AMQP_CA_FILE ? { ca: readFileSync(env.AMQP_CA_FILE) } : {}),
    ...(env.AMQP_TLS_SERVERNAME ? { servername: env.AMQP_TLS_SERVERNAME } : {}),
  };
  return {
    amqpUrl: env.AMQP_URL,
    namespace: env.AMQP_NAMESPACE,
    service,
    rpcTimeoutMs: env.RPC_TIMEOUT_MS,
    ...(Object.keys(tls).length > 0 ? { tls } : {}),
  };
}
