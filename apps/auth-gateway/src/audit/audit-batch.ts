import { randomUUID } from 'node:crypto';
import { AppError } from '@dirsync/service-kit';

/** One batch as it is published: the same `eventId` on every attempt, so consumers can de-duplicate. */
export interface AuditBatchEvent<Item> {
  eventId: string;
  occurredAt: string;
  signIns: Item[];
}

export interface AuditBatchOptions {
  /** The longest an item waits before its batch is published (0: each item at once). */
  maxDelayMs: number;
  /** A batch is published as soon as it holds this many items. */
  maxItems: number;
  /** Wait before publishing a batch the broker did not confirm again. Default 1,000. */
  retryMs?: number;
  /**
   * Items kept for batches not confirmed yet (broker down); a batch failing
   * beyond this many is given up (reported lost). Default 10,000.
   */
  maxHeldItems?: number;
}

interface HeldBatch<Item> {
  event: AuditBatchEvent<Item>;
  /** Settles when this attempt ends (confirmed, waiting for a retry, or given up). */
  attempt: Promise<void>;
  retry?: NodeJS.Timeout;
}

/**
 * Gathers audit items into few events: the items of up to `maxDelayMs` (or
 * `maxItems`) go out as one event, so the broker handles one message (one
 * socket write here, one confirm back) per batch instead of per sign-in.
 * Nothing waits for it: `add` returns at once. A batch the broker did not
 * confirm is published again (same eventId) every `retryMs` until it is, or
 * until more than `maxHeldItems` items wait, or the service shuts down: then
 * its items go to `lost` (to be logged, so they can still be found).
 * `drain` (shutdown) publishes what is pending at once and waits for every
 * batch; items added afterwards are published one batch per call, at once.
 * A crash loses the pending items (at most `maxDelayMs` of sign-ins) and the
 * batches not yet confirmed.
 */
export class AuditBatch<Item> {
  private pending: Item[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly held = new Set<HeldBatch<Item>>();
  private heldItems = 0;
  private draining = false;
  private readonly retryMs: number;
  private readonly maxHeldItems: number;

  constructor(
    private readonly publish: (event: AuditBatchEvent<Item>) => Promise<unknown>,
    private readonly lost: (items: Item[], error: unknown) => void,
    private readonly options: AuditBatchOptions,
  ) {
    this.retryMs = options.retryMs ?? 1_000;
    this.maxHeldItems = options.maxHeldItems ?? 10_000;
  }

  add(item: Item): void {
    this.pending.push(item);
    if (
      this.draining ||
      this.options.maxDelayMs === 0 ||
      this.pending.length >= this.options.maxItems
    ) {
      this.flush();
    } else {
      this.timer ??= setTimeout(() => this.flush(), this.options.maxDelayMs);
    }
  }

  /** Publishes what is pending at once, retries what waits, and resolves once every batch ended. */
  async drain(): Promise<void> {
    this.draining = true;
    this.flush();
    for (const batch of this.held) {
      if (batch.retry) {
        clearTimeout(batch.retry);
        batch.retry = undefined;
        this.attempt(batch);
      }
    }
    while (this.held.size > 0) {
      await Promise.all([...this.held].map((batch) => batch.attempt));
    }
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.length === 0) return;
    const signIns = this.pending;
    this.pending = [];
    const batch: HeldBatch<Item> = {
      event: { eventId: randomUUID(), occurredAt: new Date().toISOString(), signIns },
      attempt: Promise.resolve(),
    };
    this.held.add(batch);
    this.heldItems += signIns.length;
    this.attempt(batch);
  }

  private attempt(batch: HeldBatch<Item>): void {
    batch.attempt = this.publish(batch.event).then(
      () => this.release(batch),
      (error: unknown) => {
        const invalid = error instanceof AppError && error.code === 'invalid-event';
        if (this.draining || invalid || this.heldItems > this.maxHeldItems) {
          this.release(batch);
          this.lost(batch.event.signIns, error);
        } else {
          batch.retry = setTimeout(() => {
            batch.retry = undefined;
            this.attempt(batch);
          }, this.retryMs);
        }
      },
    );
  }

  private release(batch: HeldBatch<Item>): void {
    if (this.held.delete(batch)) this.heldItems -= batch.event.signIns.length;
  }
}
