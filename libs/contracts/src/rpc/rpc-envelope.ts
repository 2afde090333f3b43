/**
 * What crosses the wire as a reply: never a bare exception. `code` is stable
 * (callers switch on it); `message` is for people.
 */
export interface RpcErrorBody {
  code: string;
  message: string;
  details?: unknown;
}

export type RpcEnvelope<T> = { status: 'ok'; value: T } | { status: 'error'; error: RpcErrorBody };
