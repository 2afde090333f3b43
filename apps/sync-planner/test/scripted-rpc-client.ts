import { defer, from, type Observable, throwError } from 'rxjs';
import {
  RPC_CONTRACTS,
  type RpcReply,
  type RpcRequest,
  type SingleReplyRoutingKey,
  type StreamingRoutingKey,
} from '@dirsync/contracts';
import { RemoteCallError, RpcClient } from '@dirsync/messaging';
import { validatePlain } from '@dirsync/service-kit';

type Script = (request: unknown) => Observable<unknown>;

/**
 * RpcClient with scripted replies instead of RabbitMQ, for sync-planner's
 * unit tests: made from the real class, so a changed signature breaks the
 * tests that use it. Requests are validated against their contract classes
 * (an invalid one fails as the real handler would answer it) and recorded.
 * Nothing is connected: the real class opens its clients lazily.
 */
export class ScriptedRpcClient extends RpcClient {
  /** Every request, in order, for "was anything applied?" outcomes. */
  readonly requests: { routingKey: string; request: unknown }[] = [];
  private readonly scripts = new Map<string, Script>();

  constructor() {
    super({
      amqpUrl: 'amqp://127.0.0.1:1',
      namespace: 'scripted',
      service: 'sync-planner',
      rpcTimeoutMs: 1,
    });
  }

  /** The pages a streamed request gets: a list, or an Observable (to end with an error). */
  pages<K extends StreamingRoutingKey>(
    routingKey: K,
    pages: readonly RpcReply<K>[] | Observable<RpcReply<K>>,
  ): this {
    this.scripts.set(routingKey, () => (Array.isArray(pages) ? from(pages) : (pages as never)));
    return this;
  }

  /** The reply (or a thrown error) a single-reply request gets. */
  answer<K extends SingleReplyRoutingKey>(
    routingKey: K,
    reply: (request: RpcRequest<K>) => RpcReply<K>,
  ): this {
    this.scripts.set(routingKey, (request) => defer(() => [reply(request as RpcRequest<K>)]));
    return this;
  }

  /** Requests with this routing key, in order. */
  requestsOf<K extends keyof typeof RPC_CONTRACTS>(routingKey: K): RpcRequest<K>[] {
    return this.requests
      .filter((sent) => sent.routingKey === routingKey)
      .map((sent) => sent.request as RpcRequest<K>);
  }

  override stream<K extends StreamingRoutingKey>(
    routingKey: K,
    request: RpcRequest<K>,
  ): Observable<RpcReply<K>> {
    return this.replies(routingKey, request) as Observable<RpcReply<K>>;
  }

  override async call<K extends SingleReplyRoutingKey>(
    routingKey: K,
    request: RpcRequest<K>,
  ): Promise<RpcReply<K>> {
    const replies: unknown[] = [];
    await new Promise<void>((resolve, reject) => {
      this.replies(routingKey, request).subscribe({
        next: (reply) => replies.push(reply),
        error: reject,
        complete: resolve,
      });
    });
    return replies[0] as RpcReply<K>;
  }

  private replies(routingKey: keyof typeof RPC_CONTRACTS, request: unknown): Observable<unknown> {
    this.requests.push({ routingKey, request });
    const checked = validatePlain(RPC_CONTRACTS[routingKey].request as never, request);
    if (checked.problems.length > 0) {
      const error = { code: 'invalid-message', message: `invalid ${routingKey} request` };
      return throwError(() => new RemoteCallError(routingKey, error));
    }
    const script = this.scripts.get(routingKey);
    if (!script)
      return throwError(() => new Error(`ScriptedRpcClient: no reply for ${routingKey}`));
    return script(request);
  }
}
