import { Injectable } from '@nestjs/common';
import type {
  StoredUser,
  UserDetails,
  UserPage,
  UsersPageQuery,
  UsersPageResult,
} from '@dirsync/contracts';
import { AppError } from '@dirsync/service-kit';
import { ArchiveFolderRepository } from '../archive/archive-folder.repository';
import { UserRepository } from './user.repository';

/** A page larger than this is sent as several: callers read until `last` anyway, and messages stay small. */
export const MAX_PAGE_SIZE = 5_000;

@Injectable()
export class UserQueryService {
  constructor(
    private readonly users: UserRepository,
    private readonly folders: ArchiveFolderRepository,
  ) {}

  /**
   * Every user (local and directory), or with `since` those written and
   * removed since that mark, page after page; the final page has `last: true`
   * and the mark of this list.
   */
  async *pages(pageSize: number, since?: string): AsyncGenerator<UserPage> {
    yield* this.users.pages(Math.min(pageSize, MAX_PAGE_SIZE), since);
  }

  /** One page for an admin's list, by user name. */
  page(query: UsersPageQuery): Promise<UsersPageResult> {
    return this.users.page(query);
  }

  /** One user with its archive folder, for an admin's details view. */
  async details(userId: string): Promise<UserDetails> {
    const user = await this.users.findById(userId);
    if (!user) throw new AppError('not-found', `no user with id ${userId}`);
    return { ...user, archiveFolder: await this.folders.ownedBy(userId) };
  }

  findByUserName(userName: string): Promise<StoredUser | null> {
    return this.users.findByUserName(userName);
  }

  findByEmailAddress(address: string): Promise<StoredUser | null> {
    return this.users.findByEmailAddress(address);
  }
}
