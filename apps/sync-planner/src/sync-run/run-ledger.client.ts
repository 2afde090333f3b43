import { hostname } from 'node:os';
import { Injectable } from '@nestjs/common';
import {
  ClaimSyncRunCommand,
  CompletePlanCommand,
  FinishSyncRunCommand,
  GetStagedLinesQuery,
  type PlannedUserChange,
  RenewRunLeaseCommand,
  type RunError,
  type RunLease,
  type RunProgress,
  PLAN_PAGE_SIZE,
  planPageOf,
  StagePlanPageCommand,
  type PlanSummary,
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

  /** Stages one page of the run's plan, its lines at positions first + i (its creates as columns). */
  async stagePage(
    run: HeldRun,
    first: number,
    changes: readonly PlannedUserChange[],
  ): Promise<void> {
    await this.rpc.call(StagePlanPageCommand.routingKey, {
      ...run,
      first,
      ...planPageOf(changes),
    });
  }

  /** Staged lines of the run's plan, by position, in the order asked (a page of them at a time). */
  async stagedLines(run: HeldRun, positions: readonly number[]): Promise<PlannedUserChange[]> {
    const lines: PlannedUserChange[] = [];
    for (let first = 0; first < positions.length; first += PLAN_PAGE_SIZE) {
      const reply = await this.rpc.call(GetStagedLinesQuery.routingKey, {
        ...run,
        positions: positions.slice(first, first + PLAN_PAGE_SIZE),
      });
      lines.push(...reply.lines);
    }
    return lines;
  }

  /**
   * Every page was sent, its lines at positions below `lines`: the ledger
   * withdraws the lines the plan dropped and checks the rest.
   */
  async completePlan(
    run: HeldRun,
    lines: number,
    { fingerprint, counts, warnings }: PlanSummary,
    withdrawn: readonly number[],
  ): Promise<void> {
    await this.rpc.call(CompletePlanCommand.routingKey, {
      ...run,
      lines,
      summary: { fingerprint, counts, warnings },
      withdrawn: [...withdrawn],
    });
  }

  async succeed(run: HeldRun): Promise<void> {
    await this.rpc.call(FinishSyncRunCommand.routingKey, { ...run, outcome: 'succeeded' });
  }

  async fail(run: HeldRun, error: RunError): Promise<void> {
    await this.rpc.call(FinishSyncRunCommand.routingKey, { ...run, outcome: 'failed', error });
  }
}
