import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  ClaimSyncRunCommand,
  CreateSyncRunCommand,
  FinishSyncRunCommand,
  GetSyncRunQuery,
  ListSyncRunsQuery,
  RecordRunPlanCommand,
  RenewRunLeaseCommand,
  type RunLease,
  type RunStepAccepted,
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

  @RpcHandler(RecordRunPlanCommand.routingKey)
  async recordPlan(@Payload() step: RecordRunPlanCommand): Promise<RunStepAccepted> {
    await this.ledger.recordPlan(step);
    return { runId: step.runId };
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
