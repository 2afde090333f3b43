import type { ServiceName } from '@dirsync/contracts';
import type { BaseServiceEnv } from '@dirsync/service-kit';
import type { MessagingOptions } from './messaging-options';

export function messagingOptionsFromEnv(
  env: BaseServiceEnv,
  service: ServiceName,
): MessagingOptions {
  return {
    amqpUrl: env.AMQP_URL,
    namespace: env.AMQP_NAMESPACE,
    service,
    rpcTimeoutMs: env.RPC_TIMEOUT_MS,
  };
}
