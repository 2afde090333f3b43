import { Injectable } from '@nestjs/common';
import { lastValueFrom, reduce } from 'rxjs';
import {
  ApplySyncPlanCommand,
  type ApplySyncPlanResult,
  ListUsersQuery,
  type SyncedUserState,
} from '@dirsync/contracts';
import { RpcClient } from '@dirsync/messaging';
import { AppError } from '@dirsync/service-kit';
import type { HeldRun } from './run-ledger.client';

const PAGE_SIZE = 1000;

@Injectable()
export class UserStoreClient {
  constructor(private readonly rpc: RpcClient) {}

  /** Every user of the store; fails unless the last page arrived. */
  async listAll(): Promise<SyncedUserState[]> {
    const collected = await lastValueFrom(
      this.rpc.stream(ListUsersQuery.routingKey, { pageSize: PAGE_SIZE }).pipe(
        reduce(
          (acc, page) => {
            for (const user of page.users) acc.users.push(user);
            return { users: acc.users, complete: page.last };
          },
          { users: [] as SyncedUserState[], complete: false },
        ),
      ),
    );
    if (!collected.complete) throw new AppError('incomplete-read', 'the user list ended early');
    return collected.users;
  }

  /**
   * Applies the run's staged plan under its lease; the ledger ends the run
   * as succeeded in the same commit.
   */
  apply(run: HeldRun): Promise<ApplySyncPlanResult> {
    return this.rpc.call(ApplySyncPlanCommand.routingKey, run);
  }
}
