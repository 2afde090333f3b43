export interface OutboxRelayOptions {
  /** How often to look for unpublished events besides after each commit (default 2,000 ms). */
  intervalMs: number;
}

export const OUTBOX_RELAY_OPTIONS = Symbol('OUTBOX_RELAY_OPTIONS');
