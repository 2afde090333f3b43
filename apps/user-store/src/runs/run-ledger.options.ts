export const RUN_LEDGER_OPTIONS = Symbol('RUN_LEDGER_OPTIONS');

export interface RunLedgerOptions {
  /** How long a claim or heartbeat keeps a run's lease (RUN_LEASE_MS). */
  leaseMs: number;
  /** How long a queued run waits for a sync-planner (RUN_QUEUED_TIMEOUT_MS). */
  queuedMs: number;
  /** How often expired leases are looked for (RUN_REAPER_INTERVAL_MS). */
  reaperIntervalMs: number;
  /** Staged plans of runs that ended longer ago are deleted (RUN_PLAN_RETENTION_DAYS). */
  planRetentionDays: number;
}
