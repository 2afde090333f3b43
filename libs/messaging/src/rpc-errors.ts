import { isErrorCode, type RpcErrorBody } from '@dirsync/contracts';
import { AppError } from '@dirsync/service-kit';

/**
 * The other service answered with an error: its code (and so the registry's
 * HTTP status), message and details come along. A code this build does not
 * know becomes `unknown-remote-error`, the original kept in `remoteCode`.
 */
export class RemoteCallError extends AppError {
  readonly routingKey: string;
  readonly remoteCode: string;

  constructor(routingKey: string, body: RpcErrorBody) {
    super(isErrorCode(body.code) ? body.code : 'unknown-remote-error', body.message, {
      details: body.details,
    });
    this.name = 'RemoteCallError';
    this.routingKey = routingKey;
    this.remoteCode = body.code;
  }
}

/** No (further) reply in time: the other service is down, stuck, or the broker is. */
export class RpcTimeoutError extends AppError {
  constructor(routingKey: string, ms: number) {
    super('service-unavailable', `no reply to ${routingKey} within ${ms} ms`);
    this.name = 'RpcTimeoutError';
  }
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
