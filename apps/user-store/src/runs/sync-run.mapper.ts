import type { SyncRunRecord } from '@dirsync/contracts';
import type { SyncRunEntity } from './sync-run.entity';

/** A ledger row as the contracts describe it; the plan only when asked for. */
export function toSyncRunRecord(row: SyncRunEntity, withPlan = false): SyncRunRecord {
  return {
    id: row.id,
    mode: row.mode,
    state: row.state,
    requestedBy: row.requestedBy,
    settingsVersion: row.settingsVersion,
    allowMassDelete: row.allowMassDelete,
    expectedFingerprint: row.expectedFingerprint,
    createdAt: row.createdAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
    progress: row.progress,
    counts: row.counts,
    error: row.error,
    applied: row.applied,
    ...(withPlan ? { plan: row.plan } : {}),
  };
}
