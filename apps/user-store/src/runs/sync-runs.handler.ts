import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  ClaimSyncRunCommand,
  CompletePlanCommand,
  CreateSyncRunCommand,
  FinishSyncRunCommand,
  GetRunChangesQuery,
  GetStagedLinesQuery,
  GetSyncRunQuery,
  ListSyncRunsQuery,
  RenewRunLeaseCommand,
  StagePlanPageCommand,
  type RunChangesPage,
  type RunLease,
  type RunStepAccepted,
  type StagedLines,
  type SyncRunFound,
  type SyncRunList,
  type SyncRunReply,
} from '@dirsync/contracts';
import { RpcHandler } from '@dirsync/messaging';
import { RunLedger } from './run-ledger.service';

@Controller()
export class SyncRunsHandler {
  constructor(private readonly ledger: RunLedger) {}

  @RpcHandler(CreateSyncRunCommand.routingKey)
  async create(@Payload() command: CreateSyncRunCommand): Promise<SyncRunReply> {
    return { run: await this.ledger.create(command) };
  }

  @RpcHandler(ClaimSyncRunCommand.routingKey)
  claim(@Payload() command: ClaimSyncRunCommand): Promise<RunLease> {
    return this.ledger.claim(command.runId, command.worker);
  }

  @RpcHandler(RenewRunLeaseCommand.routingKey)
  async heartbeat(@Payload() step: RenewRunLeaseCommand): Promise<RunStepAccepted> {
    await this.ledger.heartbeat(step);
    return { runId: step.runId };
  }

  @RpcHandler(StagePlanPageCommand.routingKey)
  async stagePlanPage(@Payload() step: StagePlanPageCommand): Promise<RunStepAccepted> {
    await this.ledger.stagePlanPage(step);
    return { runId: step.runId };
  }

  @RpcHandler(GetStagedLinesQuery.routingKey)
  stagedLines(@Payload() query: GetStagedLinesQuery): Promise<StagedLines> {
    return this.ledger.stagedLines(query);
  }

  @RpcHandler(CompletePlanCommand.routingKey)
  async completePlan(@Payload() step: CompletePlanCommand): Promise<RunStepAccepted> {
    await this.ledger.completePlan(step);
    return { runId: step.runId };
  }

  @RpcHandler(GetRunChangesQuery.routingKey)
  changes(@Payload() query: GetRunChangesQuery): Promise<RunChangesPage> {
    return this.ledger.changes(query);
  }

  @RpcHandler(FinishSyncRunCommand.routingKey)
  async finish(@Payload() step: FinishSyncRunCommand): Promise<SyncRunReply> {
    return { run: await this.ledger.finish(step) };
  }

  @RpcHandler(GetSyncRunQuery.routingKey)
  async get(@Payload() query: GetSyncRunQuery): Promise<SyncRunFound> {
    return { run: await this.ledger.get(query.runId, query.withPlan ?? false) };
  }

  @RpcHandler(ListSyncRunsQuery.routingKey)
  async list(@Payload() query: ListSyncRunsQuery): Promise<SyncRunList> {
    return { runs: await this.ledger.list(query.limit, query.requestedBy) };
  }
}
