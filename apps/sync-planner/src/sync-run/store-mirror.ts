import { Injectable, Logger } from '@nestjs/common';
import type { SyncedUserState, UserPage } from '@dirsync/contracts';
import { UserStoreClient } from './user-store.client';

/**
 * This planner's copy of what a sync compares of every stored user, brought
 * up to date before each run by what user-store says was written and removed
 * since the last look (users.list.v2 with `since`), so a re-sync does not
 * move the whole store across the broker again: after a run that changed
 * users, the next one finds the mirror current or a few users behind.
 *
 * It is only ever as current as user-store's answer: a run plans against the
 * users of one list's snapshot, exactly as if it had listed them all. A
 * planner that starts, or whose mirror user-store cannot bring up to date
 * (a mark too old, the users truncated), gets the whole store; a look that
 * fails leaves no mirror behind. The apply checks every line against the
 * store all the same (user-store's checkAgainstStore), and a plan it finds
 * stale makes the planner forget its mirror.
 */
@Injectable()
export class StoreMirror {
  private readonly logger = new Logger(StoreMirror.name);
  private users = new Map<string, SyncedUserState>();
  private mark: string | undefined;
  /** Looks are made one after the other: each starts from the mark the one before left. */
  private looking: Promise<unknown> = Promise.resolve();

  constructor(private readonly userStore: UserStoreClient) {}

  /**
   * Every stored user, as of a list made now. The array is the caller's:
   * later looks replace users in the mirror, never the objects it holds.
   */
  current(): Promise<SyncedUserState[]> {
    const look = this.looking.then(() => this.look());
    this.looking = look.catch(() => undefined);
    return look.then(() => [...this.users.values()]);
  }

  /** Brings the mirror up to date now (after a run that changed users), so the next run finds it so. */
  refreshSoon(): void {
    this.current().catch((error: unknown) =>
      this.logger.warn(
        { err: error },
        'could not bring the store mirror up to date; the next run lists the store',
      ),
    );
  }

  /** The next look lists the whole store. */
  forget(): void {
    this.mark = undefined;
    this.users = new Map<string, SyncedUserState>();
  }

  private async look(): Promise<void> {
    let next: Map<string, SyncedUserState> | undefined;
    try {
      const { mark } = await this.userStore.list(this.mark, (page) => {
        next ??= page.delta ? this.users : new Map<string, SyncedUserState>();
        apply(next, page);
      });
      this.users = next ?? new Map<string, SyncedUserState>();
      this.mark = mark;
    } catch (error) {
      this.forget();
      throw error;
    }
  }
}

function apply(users: Map<string, SyncedUserState>, page: UserPage): void {
  for (const user of page.users) users.set(user.id, user);
  for (const id of page.removedIds) users.delete(id);
}
