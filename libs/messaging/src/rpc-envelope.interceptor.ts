import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  Logger,
  type NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { RmqContext } from '@nestjs/microservices';
import type { Channel, Message } from 'amqplib';
import { catchError, finalize, map, of, type Observable } from 'rxjs';
import { RPC_CONTRACTS, type RpcEnvelope, type RpcRoutingKey } from '@dirsync/contracts';
import { validatePlain } from '@dirsync/service-kit';
import { toErrorBody } from './rpc-errors';
import { RPC_ROUTING_KEY } from './rpc-metadata';

@Injectable()
export class RpcEnvelopeInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Rpc');

  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<RpcEnvelope<unknown>> {
    const key = this.reflector.get<RpcRoutingKey>(RPC_ROUTING_KEY, context.getHandler());
    const rpc = context.switchToRpc();
    const rmq = rpc.getContext<RmqContext>();
    let acked = false;
    const ack = () => {
      if (acked) return;
      acked = true;
      (rmq.getChannelRef() as Channel).ack(rmq.getMessage() as Message);
    };

    const checked = validatePlain(RPC_CONTRACTS[key].request as never, rpc.getData());
    if (checked.problems.length > 0) {
      this.logger.warn(
        { routingKey: key, problems: checked.problems },
        `invalid ${key} request refused`,
      );
      ack();
      return of({
        status: 'error',
        error: {
          code: 'invalid-message',
          message: `invalid ${key} request`,
          details: checked.problems,
        },
      });
    }
    // Hand the validated instance, not the raw JSON, to the handler.
    context.getArgs()[0] = checked.value;

    const started = Date.now();
    return next.handle().pipe(
      map((value: unknown): RpcEnvelope<unknown> => ({ status: 'ok', value })),
      catchError((error: unknown) => {
        this.logger.error({ routingKey: key, err: error }, `${key} failed`);
        return of<RpcEnvelope<unknown>>({ status: 'error', error: toErrorBody(error) });
      }),
      finalize(() => {
        ack();
        this.logger.debug({ routingKey: key, ms: Date.now() - started }, `${key} handled`);
      }),
    );
  }
}
