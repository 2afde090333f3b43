/**
 * An error a caller can act on: a stable `code` to switch on, a message for
 * people, and the HTTP status it maps to at the edge. Anything that is not an
 * AppError is an internal error whose detail stays in the logs.
 */
export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details?: unknown;

  constructor(
    code: string,
    message: string,
    options: { status?: number; details?: unknown; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = options.status ?? 500;
    this.details = options.details;
  }

  /** Callers may see the message and details of client errors only. */
  get expose(): boolean {
    return this.status < 500 || this.status === 502 || this.status === 503;
  }
}
