import { hostname } from 'node:os';
import { Injectable } from '@nestjs/common';
import {
  ClaimSyncRunCommand,
  CompletePlanCommand,
  FinishSyncRunCommand,
  PLAN_PAGE_SIZE,
  RenewRunLeaseCommand,
  type RunError,
  type RunLease,
  type RunProgress,
  StagePlanPageCommand,
  type SyncPlan,
} from '@dirsync/contracts';
import { RpcClient } from '@dirsync/messaging';

/**
 * Plan pages sent to user-store before the first is answered: one being
 * written, one waiting for the run's lock, one on the way. Fewer than
 * user-store's prefetch (4), so its heartbeats and other requests still
 * find a free handler.
 */
const STAGING_PAGES_IN_FLIGHT = 3;

/** A run this planner holds: every step it takes carries the lease. */
export interface HeldRun {
  runId: string;
  leaseToken: number;
}

/** The run ledger (user-store), as the planner uses it. */
@Injectable()
export class RunLedgerClient {
  /** Host and pid: who holds a lease, in the ledger and the logs. */
  readonly worker = `${hostname()}:${process.pid}`;

  constructor(private readonly rpc: RpcClient) {}

  claim(runId: string): Promise<RunLease> {
    return this.rpc.call(ClaimSyncRunCommand.routingKey, { runId, worker: this.worker });
  }

  async heartbeat(run: HeldRun, progress?: RunProgress): Promise<void> {
    await this.rpc.call(RenewRunLeaseCommand.routingKey, {
      ...run,
      ...(progress ? { progress } : {}),
    });
  }

  /**
   * Stages the plan beside the run, a page of PLAN_PAGE_SIZE changes at a
   * time (never one message the size of the directory), then completes it
   * with its summary. STAGING_PAGES_IN_FLIGHT pages travel at once, so a
   * page is always ready when PostgreSQL has written the one before.
   */
  async stagePlan(run: HeldRun, plan: SyncPlan): Promise<void> {
    const pages = Math.ceil(plan.changes.length / PLAN_PAGE_SIZE);
    let next = 0;
    let failed = false;
    const sendPages = async () => {
      // After any page fails, no sender starts another: the run fails as it is.
      for (let sequence = next++; sequence < pages && !failed; sequence = next++) {
        await this.rpc
          .call(StagePlanPageCommand.routingKey, {
            ...run,
            sequence,
            changes: plan.changes.slice(sequence * PLAN_PAGE_SIZE, (sequence + 1) * PLAN_PAGE_SIZE),
          })
          .catch((error: unknown) => {
            failed = true;
            throw error;
          });
      }
    };
    await Promise.all(Array.from({ length: STAGING_PAGES_IN_FLIGHT }, sendPages));
    const { fingerprint, counts, warnings } = plan;
    await this.rpc.call(CompletePlanCommand.routingKey, {
      ...run,
      pages,
      summary: { fingerprint, counts, warnings },
    });
  }

  async succeed(run: HeldRun): Promise<void> {
    await this.rpc.call(FinishSyncRunCommand.routingKey, { ...run, outcome: 'succeeded' });
  }

  async fail(run: HeldRun, error: RunError): Promise<void> {
    await this.rpc.call(FinishSyncRunCommand.routingKey, { ...run, outcome: 'failed', error });
  }
}
