import { ERROR_CODES, type ErrorCode } from '@dirsync/contracts';

/**
 * An error a caller can act on: a stable `code` from the registry
 * (libs/contracts/src/errors/error-codes.ts) to switch on, a message for
 * people, and the HTTP status the registry gives that code. Anything that is
 * not an AppError is an internal error whose detail stays in the logs.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details?: unknown;

  constructor(
    code: ErrorCode,
    message: string,
    options: { details?: unknown; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = ERROR_CODES[code].status;
    this.details = options.details;
  }

  /** Callers may see the message and details of client errors only. */
  get expose(): boolean {
    return this.status < 500 || this.status === 502 || this.status === 503;
  }
}
