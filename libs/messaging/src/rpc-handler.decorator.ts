import { applyDecorators, SetMetadata, UseInterceptors } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import type { RpcRoutingKey } from '@dirsync/contracts';
import { RpcEnvelopeInterceptor } from './rpc-envelope.interceptor';
import { RPC_ROUTING_KEY } from './rpc-metadata';

/**
 * Marks a handler for one request of the contracts lib: the request is
 * validated against its class before the handler runs, the reply (or each
 * page of a streamed reply) is wrapped in `{status, value | error}`, and the
 * message is acknowledged once the work is done.
 */
export function RpcHandler(routingKey: RpcRoutingKey) {
  return applyDecorators(
    MessagePattern(routingKey),
    SetMetadata(RPC_ROUTING_KEY, routingKey),
    UseInterceptors(RpcEnvelopeInterceptor),
  );
}
