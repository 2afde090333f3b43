import type { CustomStrategy } from '@nestjs/microservices';
import { nestRmqSocketOptions } from './amqp-socket-options';
import type { MessagingOptions } from './messaging-options';
import { rpcDeliveriesOf } from './rpc-deliveries';
import { RpcServer } from './rpc-server';
import { requestQueueOptions, topology } from './topology';

/**
 * The service's request listener: its own durable queue, manual
 * acknowledgement (the RpcHandler interceptor acks after the work, the
 * RpcServer settles whatever it did not), a time limit per handler equal to
 * the callers' RPC timeout (nobody waits for an answer after it), and a small
 * prefetch so one slow request does not starve the others.
 */
export function rpcServerOptions(options: MessagingOptions): CustomStrategy {
  const queue = topology.requestQueue(options.namespace, options.service);
  return {
    strategy: new RpcServer({
      rmq: {
        urls: [options.amqpUrl],
        queue,
        queueOptions: requestQueueOptions(options.namespace),
        noAck: false,
        prefetchCount: 4,
        persistent: true,
        socketOptions: nestRmqSocketOptions(options),
      },
      deadLetterExchange: topology.deadLetterExchange(options.namespace),
      deadLetterQueue: topology.deadLetterQueue(options.namespace),
      deliveries: rpcDeliveriesOf(queue, options.rpcTimeoutMs),
    }),
  };
}
