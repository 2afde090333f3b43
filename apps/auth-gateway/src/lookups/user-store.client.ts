import { Injectable } from '@nestjs/common';
import { FindUserByEmailQuery, FindUserQuery, type StoredUser } from '@dirsync/contracts';
import { RpcClient } from '@dirsync/messaging';

/** The users as user-store holds them (deleted users are simply not found). */
@Injectable()
export class UserStoreClient {
  constructor(private readonly rpc: RpcClient) {}

  /** Case-insensitive, exactly as the sync stored the name (local part only when so configured). */
  async findByUserName(userName: string): Promise<StoredUser | null> {
    const result = await this.rpc.call(FindUserQuery.routingKey, { userName });
    return result.user ?? null;
  }

  async findByEmail(emailAddress: string): Promise<StoredUser | null> {
    const result = await this.rpc.call(FindUserByEmailQuery.routingKey, { emailAddress });
    return result.user ?? null;
  }
}
