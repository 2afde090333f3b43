export interface OutboxRelayOptions {
  /** How often to look for unpublished events besides after each commit (default 2,000 ms). */
  intervalMs: number;
  /** Published events older than this are deleted (default 7 days); consumers have had them long since. */
  retentionMs: number;
}

export const OUTBOX_RELAY_OPTIONS = Symbol('OUTBOX_RELAY_OPTIONS');
