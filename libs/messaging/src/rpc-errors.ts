import type { RpcErrorBody } from '@dirsync/contracts';
import { AppError } from '@dirsync/service-kit';

/** The other service answered with an error; its code and message come along. */
export class RemoteCallError extends AppError {
  constructor(routingKey: string, body: RpcErrorBody) {
    super(body.code, body.message, { status: statusFor(body.code), details: body.details });
    this.name = 'RemoteCallError';
    this.routingKey = routingKey;
  }
  readonly routingKey: string;
}

/** No (further) reply in time: the other service is down, stuck, or the broker is. */
export class RpcTimeoutError extends AppError {
  constructor(routingKey: string, ms: number) {
    super('service-unavailable', `no reply to ${routingKey} within ${ms} ms`, { status: 503 });
    this.name = 'RpcTimeoutError';
  }
}

/** Error codes that are the caller's fault keep a 4xx status at the edge. */
function statusFor(code: string): number {
  if (code === 'invalid-message' || code === 'invalid-settings') return 400;
  if (code === 'not-found') return 404;
  if (code === 'conflict' || code === 'sync-already-running' || code === 'stale-plan') return 409;
  if (code === 'internal-error') return 500;
  return 502;
}

/** What a handler's failure looks like on the wire; internal detail stays home. */
export function toErrorBody(error: unknown): RpcErrorBody {
  if (error instanceof AppError && error.expose) {
    return {
      code: error.code,
      message: error.message,
      ...(error.details !== undefined ? { details: error.details } : {}),
    };
  }
  if (error instanceof AppError)
    return { code: error.code, message: 'internal error (see the service log)' };
  return { code: 'internal-error', message: 'internal error (see the service log)' };
}
