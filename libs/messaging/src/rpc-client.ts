import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { ClientRMQ } from '@nestjs/microservices';
import { map, type Observable, throwError, timeout } from 'rxjs';
import { lastValueFrom, toArray } from 'rxjs';
import {
  RPC_CONTRACTS,
  type RpcEnvelope,
  type RpcReply,
  type RpcRequest,
  type RpcRoutingKey,
  type ServiceName,
  type SingleReplyRoutingKey,
  type StreamingRoutingKey,
} from '@dirsync/contracts';
import { AppError, validatePlain } from '@dirsync/service-kit';
import { nestRmqSocketOptions } from './amqp-socket-options';
import { MESSAGING_OPTIONS, type MessagingOptions } from './messaging-options';
import { RemoteCallError, RpcTimeoutError } from './rpc-errors';
import { requestQueueOptions, topology } from './topology';

/**
 * Typed requests to other services: the routing key decides the request and
 * reply types, and which service's queue gets the message. Replies are
 * validated like any message this service receives.
 */
@Injectable()
export class RpcClient implements OnApplicationShutdown {
  private readonly clients = new Map<ServiceName, ClientRMQ>();

  constructor(@Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions) {}

  /** One request, one reply; `timeoutMs` overrides RPC_TIMEOUT_MS for this call. */
  async call<K extends SingleReplyRoutingKey>(
    routingKey: K,
    request: RpcRequest<K>,
    options: { timeoutMs?: number } = {},
  ): Promise<RpcReply<K>> {
    const replies = await lastValueFrom(
      this.replies$(routingKey, request, options.timeoutMs).pipe(toArray()),
    );
    if (replies.length !== 1) {
      throw new AppError(
        'protocol-error',
        `${routingKey}: expected one reply, got ${replies.length}`,
      );
    }
    return replies[0] as RpcReply<K>;
  }

  /** One request, a stream of replies (pages); errors if any page is an error. */
  stream<K extends StreamingRoutingKey>(
    routingKey: K,
    request: RpcRequest<K>,
  ): Observable<RpcReply<K>> {
    return this.replies$(routingKey, request);
  }

  private replies$<K extends RpcRoutingKey>(
    routingKey: K,
    request: RpcRequest<K>,
    timeoutMs?: number,
  ): Observable<RpcReply<K>> {
    const contract = RPC_CONTRACTS[routingKey];
    const ms = timeoutMs ?? this.options.rpcTimeoutMs;
    return this.client(contract.service)
      .send<RpcEnvelope<unknown>, RpcRequest<K>>(routingKey, request)
      .pipe(
        timeout({ each: ms, with: () => throwError(() => new RpcTimeoutError(routingKey, ms)) }),
        map((envelope) => {
          if (envelope?.status === 'error') throw new RemoteCallError(routingKey, envelope.error);
          if (envelope?.status !== 'ok') {
            throw new AppError('protocol-error', `${routingKey}: reply without envelope`);
          }
          const checked = validatePlain(contract.reply as never, envelope.value);
          if (checked.problems.length > 0) {
            throw new AppError(
              'protocol-error',
              `${routingKey}: invalid reply from ${contract.service}`,
              {
                details: checked.problems,
              },
            );
          }
          return checked.value as RpcReply<K>;
        }),
      );
  }

  private client(service: ServiceName): ClientRMQ {
    let client = this.clients.get(service);
    if (!client) {
      client = new ClientRMQ({
        urls: [this.options.amqpUrl],
        queue: topology.requestQueue(this.options.namespace, service),
        queueOptions: requestQueueOptions(this.options.namespace),
        persistent: true,
        socketOptions: nestRmqSocketOptions(this.options),
      });
      this.clients.set(service, client);
    }
    return client;
  }

  async onApplicationShutdown() {
    await Promise.all([...this.clients.values()].map((client) => client.close()));
  }
}
