import type { RpcDelivery } from './rpc-delivery';

/** Extra time after a handler's limit for its answer and acknowledgement to go out. */
export const SETTLE_GRACE_MS = 5_000;

/**
 * The requests a service's queue consumer holds right now, and whether it
 * consumes at all: what its health check reads. A request is "stuck" once it
 * has been held longer than the handler's limit plus a grace period, that
 * is, after even the server's own deadline should have settled it.
 */
export class RpcDeliveries {
  private readonly inFlight = new Set<RpcDelivery>();
  private consuming = false;
  private lastConsumerProblem = 'the consumer has not started yet';

  constructor(
    readonly queue: string,
    readonly handlerTimeoutMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  add(delivery: RpcDelivery): void {
    this.inFlight.add(delivery);
  }

  remove(delivery: RpcDelivery): void {
    this.inFlight.delete(delivery);
  }

  get size(): number {
    return this.inFlight.size;
  }

  consumerStarted(): void {
    this.consuming = true;
  }

  consumerStopped(reason: string): void {
    this.consuming = false;
    this.lastConsumerProblem = reason;
  }

  /** Why the consumer cannot be trusted to take requests, or null when it can. */
  problem(): string | null {
    if (!this.consuming) return `${this.queue}: not consuming (${this.lastConsumerProblem})`;
    const limit = this.handlerTimeoutMs + SETTLE_GRACE_MS;
    const now = this.now();
    const stuck = [...this.inFlight].filter((delivery) => now - delivery.startedAt > limit);
    if (stuck.length === 0) return null;
    return `${this.queue}: ${stuck.length} request(s) held longer than ${limit} ms`;
  }
}

const registry = new Map<string, RpcDeliveries>();

/**
 * The tracker of the consumer of `queue` in this process, created on first
 * use: the server (a transport strategy, outside Nest's container) and the
 * health check (inside it) meet here.
 */
export function rpcDeliveriesOf(queue: string, handlerTimeoutMs: number): RpcDeliveries {
  let deliveries = registry.get(queue);
  if (!deliveries) {
    deliveries = new RpcDeliveries(queue, handlerTimeoutMs);
    registry.set(queue, deliveries);
  }
  return deliveries;
}

/** The tracker of `queue` if a consumer of it runs in this process. */
export function existingRpcDeliveries(queue: string): RpcDeliveries | undefined {
  return registry.get(queue);
}
