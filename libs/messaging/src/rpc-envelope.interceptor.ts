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
import { catchError, finalize, map, of, type Observable, throwError, timeout } from 'rxjs';
import { RPC_CONTRACTS, type RpcEnvelope, type RpcRoutingKey } from '@dirsync/contracts';
import { AppError, type FieldProblem, validatePlain } from '@dirsync/service-kit';
import { RpcDelivery } from './rpc-delivery';
import { toErrorBody } from './rpc-errors';
import { RPC_ROUTING_KEY } from './rpc-metadata';

/**
 * Validates the request, runs the handler within the delivery's time limit,
 * wraps each reply in `{status, value | error}` and acks the message once the
 * work is done. Nothing a request contains (a RangeError from validating a
 * value nested thousands deep, a handler that throws or never answers) can
 * leave the message unacknowledged.
 */
@Injectable()
export class RpcEnvelopeInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Rpc');

  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<RpcEnvelope<unknown>> {
    const key = this.reflector.get<RpcRoutingKey>(RPC_ROUTING_KEY, context.getHandler());
    const rpc = context.switchToRpc();
    const rmq = rpc.getContext<RmqContext>();
    const message = rmq.getMessage() as Message;
    // The RpcServer tracks each delivery (settled once, with a time limit);
    // a plain ServerRMQ (or a test) does not, and gets a plain ack.
    const delivery = RpcDelivery.of(message);
    let acked = false;
    const ack = () => {
      if (acked) return;
      acked = true;
      if (delivery) delivery.ack();
      else (rmq.getChannelRef() as Channel).ack(message);
    };

    const problems = this.validate(key, rpc.getData(), context);
    if (problems) {
      this.logger.warn({ routingKey: key, problems }, `invalid ${key} request refused`);
      ack();
      return of({
        status: 'error',
        error: { code: 'invalid-message', message: `invalid ${key} request`, details: problems },
      });
    }

    const started = Date.now();
    const limit = delivery?.handlerTimeoutMs;
    let handled: Observable<unknown>;
    try {
      handled = next.handle();
    } catch (error) {
      handled = throwError(() => error);
    }
    return (
      limit === undefined
        ? handled
        : handled.pipe(
            timeout({
              each: limit,
              with: () =>
                throwError(
                  () => new AppError('handler-timeout', `${key} did not finish within ${limit} ms`),
                ),
            }),
          )
    ).pipe(
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

  /** The problems of an invalid request, or null; the validated instance replaces the raw JSON. */
  private validate(key: RpcRoutingKey, data: unknown, context: ExecutionContext) {
    let checked: ReturnType<typeof validatePlain>;
    try {
      checked = validatePlain(RPC_CONTRACTS[key].request as never, data);
    } catch (error) {
      // e.g. "Maximum call stack size exceeded" on a request nested 20,000 deep
      const reason = error instanceof Error ? error.message : String(error);
      return [{ field: '', message: `could not be validated: ${reason}` }] as FieldProblem[];
    }
    if (checked.problems.length > 0) return checked.problems;
    context.getArgs()[0] = checked.value;
    return null;
  }
}
