import { Injectable } from '@nestjs/common';
import { FindUserQuery, type StoredUser } from '@dirsync/contracts';
import { RpcClient } from '@dirsync/messaging';

/**
 * The user as user-store holds it now. The console's admin check reads the
 * privileges here rather than from auth-gateway's answer, which may come
 * from its user cache (current up to user-store's last event about the
 * user): a grant or revocation made a moment ago, even in the database by
 * hand (no event), decides the next console sign-in.
 */
@Injectable()
export class StoredUserClient {
  constructor(private readonly rpc: RpcClient) {}

  async findByUserName(userName: string): Promise<StoredUser | null> {
    const result = await this.rpc.call(FindUserQuery.routingKey, { userName });
    return result.user ?? null;
  }
}
