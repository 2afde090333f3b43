import { Injectable } from '@nestjs/common';
import {
  CreateSyncRunCommand,
  GetRunChangesQuery,
  GetSyncRunQuery,
  ListSyncRunsQuery,
  type RunChangesPage,
  type SyncRunRecord,
} from '@dirsync/contracts';
import { RpcClient } from '@dirsync/messaging';
import { AppError } from '@dirsync/service-kit';

/** The run ledger (user-store), as config-api reads and starts runs. */
@Injectable()
export class RunLedgerClient {
  constructor(private readonly rpc: RpcClient) {}

  /** Records a queued run; `sync-already-running` (409) while a sync is queued or running. */
  async create(command: CreateSyncRunCommand): Promise<SyncRunRecord> {
    return (await this.rpc.call(CreateSyncRunCommand.routingKey, command)).run;
  }

  async find(runId: string, withPlan = false): Promise<SyncRunRecord | null> {
    return (await this.rpc.call(GetSyncRunQuery.routingKey, { runId, withPlan })).run ?? null;
  }

  async get(runId: string, withPlan = false): Promise<SyncRunRecord> {
    const run = await this.find(runId, withPlan);
    if (!run) throw new AppError('not-found', `no run ${runId}`);
    return run;
  }

  /** A page of a run's planned changes (plans are paged, never sent whole). */
  changes(query: GetRunChangesQuery): Promise<RunChangesPage> {
    return this.rpc.call(GetRunChangesQuery.routingKey, query);
  }

  async list(
    limit: number,
    requestedBy?: string,
    options: { timeoutMs?: number } = {},
  ): Promise<SyncRunRecord[]> {
    const query = { limit, ...(requestedBy === undefined ? {} : { requestedBy }) };
    return (await this.rpc.call(ListSyncRunsQuery.routingKey, query, options)).runs;
  }

  async latest(
    requestedBy?: string,
    options: { timeoutMs?: number } = {},
  ): Promise<SyncRunRecord | null> {
    return (await this.list(1, requestedBy, options))[0] ?? null;
  }
}
