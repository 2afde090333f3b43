import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type {
  CreateLocalUserCommand,
  CreateLocalUserResult,
  DeleteLocalUserCommand,
  DeleteLocalUserResult,
} from '@dirsync/contracts';
import { AppError } from '@dirsync/service-kit';
import { inTransaction } from '../database/in-transaction';
import { OutboxRelay } from '../outbox/outbox-relay';
import { UserLifecycle } from '../users/user-lifecycle.service';
import { UserRepository } from '../users/user.repository';

/** Why a local user's deletion event says it is gone. */
const DELETED_BY_ADMIN = 'deleted-by-admin';

/**
 * Users an admin adds by hand (`local`). They live beside directory users
 * under the same rules (unique name, each address owned once, an archive
 * folder, events) but a sync never touches them, and only this service
 * deletes them.
 */
@Injectable()
export class LocalUsersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UserRepository,
    private readonly lifecycle: UserLifecycle,
    private readonly relay: OutboxRelay,
  ) {}

  async create(command: CreateLocalUserCommand): Promise<CreateLocalUserResult> {
    refuseRepeatedAddresses(command.emailAddresses);
    const id = randomUUID();
    const user = await inTransaction(this.dataSource, async (tx) => {
      await this.lifecycle.create(
        tx,
        [
          {
            id,
            userName: command.userName,
            fullName: command.fullName ?? null,
            emailAddresses: command.emailAddresses,
            authMethod: 'local',
            externalId: null,
            dn: null,
            privileges: command.privileges,
          },
        ],
        null,
      );
      return (await this.users.lockByIds(tx, [id])).get(id);
    });
    this.relay.kick();
    if (!user)
      throw new AppError('internal-error', `local user ${id} vanished right after it was created`);
    return { user };
  }

  async delete({ userId }: DeleteLocalUserCommand): Promise<DeleteLocalUserResult> {
    const archiveFolderId = await inTransaction(this.dataSource, async (tx) => {
      const user = (await this.users.lockByIds(tx, [userId])).get(userId);
      if (!user) throw new AppError('not-found', `no user with id ${userId}`);
      if (user.authMethod !== 'local') {
        throw new AppError(
          'conflict',
          `"${user.userName}" is a directory user: only a sync deletes it`,
        );
      }
      const folders = await this.lifecycle.delete(tx, [{ user, reason: DELETED_BY_ADMIN }], null);
      return folders.get(userId) ?? null;
    });
    this.relay.kick();
    return { userId, archiveFolderId };
  }
}

/** The same address twice (in any case) is the admin's typo, not a conflict with another user. */
function refuseRepeatedAddresses(addresses: readonly string[]) {
  const seen = new Set<string>();
  for (const address of addresses) {
    const key = address.toLowerCase();
    if (seen.has(key)) {
      throw new AppError('invalid-message', `the address ${address} is listed twice`);
    }
    seen.add(key);
  }
}
