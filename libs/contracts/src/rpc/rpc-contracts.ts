import { DirectoryReadPage, ReadDirectoryCommand } from '../directory/read-directory.command';
import { VerifyPasswordCommand, VerifyPasswordResult } from '../auth/verify-password.command';
import {
  DirectorySettingsResult,
  GetDirectorySettingsQuery,
} from '../settings/get-directory-settings.query';
import { StartSyncRunCommand, SyncRunAccepted } from '../sync/start-sync-run.command';
import { CreateSyncRunCommand, SyncRunReply } from '../runs/create-sync-run.command';
import { ClaimSyncRunCommand, RunLease } from '../runs/claim-sync-run.command';
import {
  FinishSyncRunCommand,
  RenewRunLeaseCommand,
  RunStepAccepted,
} from '../runs/run-lease-steps';
import {
  CompletePlanCommand,
  GetRunChangesQuery,
  GetStagedLinesQuery,
  RunChangesPage,
  StagedLines,
  StagePlanPageCommand,
} from '../runs/plan-steps';
import {
  GetSyncRunQuery,
  ListSyncRunsQuery,
  SyncRunFound,
  SyncRunList,
} from '../runs/sync-run-queries';
import { ApplySyncPlanCommand, ApplySyncPlanResult } from '../users/apply-sync-plan.command';
import { FindUserQuery, FindUserResult } from '../users/find-user.query';
import { ListUsersQuery, UserPage } from '../users/list-users.query';
import { UsersPageQuery, UsersPageResult } from '../users/users-page.query';
import { CreateLocalUserCommand, CreateLocalUserResult } from '../users/create-local-user.command';
import { DeleteLocalUserCommand, DeleteLocalUserResult } from '../users/delete-local-user.command';
import { GetUserQuery, GetUserResult } from '../users/get-user.query';
import {
  SetUserPrivilegesCommand,
  SetUserPrivilegesResult,
} from '../users/set-user-privileges.command';
import { FindUserByEmailQuery } from '../auth/find-user-by-email.query';
import type { ServiceName } from './services';

interface ClassOf<T> {
  new (): T;
}

/**
 * Every request/reply exchanged between services: routing key → who answers,
 * the request class and the reply class. `streaming` replies arrive as many
 * messages (pages); the others as exactly one.
 */
export const RPC_CONTRACTS = {
  [ReadDirectoryCommand.routingKey]: {
    service: 'directory-reader',
    request: ReadDirectoryCommand,
    reply: DirectoryReadPage,
    streaming: true,
  },
  [ListUsersQuery.routingKey]: {
    service: 'user-store',
    request: ListUsersQuery,
    reply: UserPage,
    streaming: true,
  },
  [UsersPageQuery.routingKey]: {
    service: 'user-store',
    request: UsersPageQuery,
    reply: UsersPageResult,
    streaming: false,
  },
  [FindUserQuery.routingKey]: {
    service: 'user-store',
    request: FindUserQuery,
    reply: FindUserResult,
    streaming: false,
  },
  [ApplySyncPlanCommand.routingKey]: {
    service: 'user-store',
    request: ApplySyncPlanCommand,
    reply: ApplySyncPlanResult,
    streaming: false,
  },
  [StartSyncRunCommand.routingKey]: {
    service: 'sync-planner',
    request: StartSyncRunCommand,
    reply: SyncRunAccepted,
    streaming: false,
  },
  [CreateSyncRunCommand.routingKey]: {
    service: 'user-store',
    request: CreateSyncRunCommand,
    reply: SyncRunReply,
    streaming: false,
  },
  [ClaimSyncRunCommand.routingKey]: {
    service: 'user-store',
    request: ClaimSyncRunCommand,
    reply: RunLease,
    streaming: false,
  },
  [RenewRunLeaseCommand.routingKey]: {
    service: 'user-store',
    request: RenewRunLeaseCommand,
    reply: RunStepAccepted,
    streaming: false,
  },
  [StagePlanPageCommand.routingKey]: {
    service: 'user-store',
    request: StagePlanPageCommand,
    reply: RunStepAccepted,
    streaming: false,
  },
  [GetStagedLinesQuery.routingKey]: {
    service: 'user-store',
    request: GetStagedLinesQuery,
    reply: StagedLines,
    streaming: false,
  },
  [CompletePlanCommand.routingKey]: {
    service: 'user-store',
    request: CompletePlanCommand,
    reply: RunStepAccepted,
    streaming: false,
  },
  [GetRunChangesQuery.routingKey]: {
    service: 'user-store',
    request: GetRunChangesQuery,
    reply: RunChangesPage,
    streaming: false,
  },
  [FinishSyncRunCommand.routingKey]: {
    service: 'user-store',
    request: FinishSyncRunCommand,
    reply: SyncRunReply,
    streaming: false,
  },
  [GetSyncRunQuery.routingKey]: {
    service: 'user-store',
    request: GetSyncRunQuery,
    reply: SyncRunFound,
    streaming: false,
  },
  [ListSyncRunsQuery.routingKey]: {
    service: 'user-store',
    request: ListSyncRunsQuery,
    reply: SyncRunList,
    streaming: false,
  },
  [GetDirectorySettingsQuery.routingKey]: {
    service: 'config-api',
    request: GetDirectorySettingsQuery,
    reply: DirectorySettingsResult,
    streaming: false,
  },
  [VerifyPasswordCommand.routingKey]: {
    service: 'auth-gateway',
    request: VerifyPasswordCommand,
    reply: VerifyPasswordResult,
    streaming: false,
  },
  [CreateLocalUserCommand.routingKey]: {
    service: 'user-store',
    request: CreateLocalUserCommand,
    reply: CreateLocalUserResult,
    streaming: false,
  },
  [DeleteLocalUserCommand.routingKey]: {
    service: 'user-store',
    request: DeleteLocalUserCommand,
    reply: DeleteLocalUserResult,
    streaming: false,
  },
  [GetUserQuery.routingKey]: {
    service: 'user-store',
    request: GetUserQuery,
    reply: GetUserResult,
    streaming: false,
  },
  [SetUserPrivilegesCommand.routingKey]: {
    service: 'user-store',
    request: SetUserPrivilegesCommand,
    reply: SetUserPrivilegesResult,
    streaming: false,
  },
  [FindUserByEmailQuery.routingKey]: {
    service: 'user-store',
    request: FindUserByEmailQuery,
    reply: FindUserResult,
    streaming: false,
  },
} as const satisfies Record<
  string,
  { service: ServiceName; request: ClassOf<object>; reply: ClassOf<object>; streaming: boolean }
>;

export type RpcRoutingKey = keyof typeof RPC_CONTRACTS;
export type RpcRequest<K extends RpcRoutingKey> = InstanceType<
  (typeof RPC_CONTRACTS)[K]['request']
>;
export type RpcReply<K extends RpcRoutingKey> = InstanceType<(typeof RPC_CONTRACTS)[K]['reply']>;
export type StreamingRoutingKey = {
  [K in RpcRoutingKey]: (typeof RPC_CONTRACTS)[K]['streaming'] extends true ? K : never;
}[RpcRoutingKey];
export type SingleReplyRoutingKey = Exclude<RpcRoutingKey, StreamingRoutingKey>;
