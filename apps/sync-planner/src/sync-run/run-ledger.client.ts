import { hostname } from 'node:os';
import { Injectable } from '@nestjs/common';
import {
  ClaimSyncRunCommand,
  FinishSyncRunCommand,
  RecordRunPlanCommand,
  RenewRunLeaseCommand,
  type RunError,
  type RunLease,
  type RunProgress,
  type SyncPlan,
} from '@dirsync/contracts';
import { RpcClient } from '@dirsync/messaging';

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

  async recordPlan(run: HeldRun, plan: SyncPlan): Promise<void> {
    await this.rpc.call(RecordRunPlanCommand.routingKey, { ...run, plan });
  }

  async succeed(run: HeldRun): Promise<void> {
    await this.rpc.call(FinishSyncRunCommand.routingKey, { ...run, outcome: 'succeeded' });
  }

  async fail(run: HeldRun, error: RunError): Promise<void> {
    await this.rpc.call(FinishSyncRunCommand.routingKey, { ...run, outcome: 'failed', error });
  }
}
