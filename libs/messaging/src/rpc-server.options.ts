import { Transport, type MicroserviceOptions } from '@nestjs/microservices';
import type { MessagingOptions } from './messaging-options';
import { requestQueueOptions, topology } from './topology';

/**
 * The service's request listener: its own durable queue, manual
 * acknowledgement (the RpcHandler interceptor acks after the work), and a
 * small prefetch so one slow request does not starve the others.
 */
export function rpcServerOptions(options: MessagingOptions): MicroserviceOptions {
  return {
    transport: Transport.RMQ,
    options: {
      urls: [options.amqpUrl],
      queue: topology.requestQueue(options.namespace, options.service),
      queueOptions: requestQueueOptions(options.namespace),
      noAck: false,
      prefetchCount: 4,
      persistent: true,
    },
  };
}
