import type { RpcErrorBody } from '@dirsync/contracts';
import { AppError } from '@dirsync/service-kit';

/** The other service answered with an error; its code and message come along. */
export class RemoteCallError extends AppError {
  constructor(routingKey: string, body: RpcErrorBody) {
    super(body.code, body.message, { status: httpStatusForCode(body.code), details: body.details });
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

/**
 * The HTTP status an error code from another service maps to at the edge:
 * the caller's mistake (4xx, including settings the directory revealed to
 * be wrong) or the other side's trouble (502). One table for every edge.
 */
const STATUS_BY_CODE: Record<string, number> = {
  'invalid-message': 400,
  'invalid-settings': 400,
  'not-found': 404,
  conflict: 409,
  'sync-already-running': 409,
  'stale-plan': 409,
  'deletion-threshold-exceeded': 409,
  'sync-group-not-found': 422,
  'ldap-invalid-credentials': 422,
  'ldap-account-disabled': 422,
  'ldap-account-locked': 422,
  'ldap-account-expired': 422,
  'ldap-password-expired': 422,
  'ldap-password-must-change': 422,
  'ldap-logon-hours-restricted': 422,
  'ldap-workstation-restricted': 422,
  'ldap-no-such-object': 422,
  'ldap-filter-rejected': 422,
  'ldap-base-dn-undetectable': 422,
  'internal-error': 500,
};

export function httpStatusForCode(code: string): number {
  return STATUS_BY_CODE[code] ?? 502;
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
