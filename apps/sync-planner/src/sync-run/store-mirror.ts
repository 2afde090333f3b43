import { Injectable, Logger } from '@nestjs/common';
import { type PackedUser, packUser } from '../plan/packed-user';
import { StoredUsers } from '../plan/stored-users';
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
  /** Packed (PackedUser): one string a user, kept while the planner waits for the next run. */
  private users = StoredUsers.empty;
  private mark: string | undefined;
  /** Looks are made one after the other: each starts from the mark the one before left. */
  private looking: Promise<unknown> = Promise.resolve();
  /** Grows with every `forget`: a look that began before one keeps nothing. */
  private generation = 0;

  constructor(private readonly userStore: UserStoreClient) {}

  /**
   * Every stored user, as of a list made now. The set is the caller's:
   * a later look makes a new one.
   */
  current(): Promise<StoredUsers> {
    return this.nextLook();
  }

  /** Brings the mirror up to date now (after a run that changed users), so the next run finds it so. */
  refreshSoon(): void {
    this.nextLook().catch((error: unknown) =>
      this.logger.warn(
        { err: error },
        'could not bring the store mirror up to date; the next run lists the store',
      ),
    );
  }

  /** The next look lists the whole store, and a look under way keeps nothing. */
  forget(): void {
    this.generation += 1;
    this.mark = undefined;
    this.users = StoredUsers.empty;
  }

  /** The mirror as the next look leaves it. */
  private nextLook(): Promise<StoredUsers> {
    const look = this.looking.then(() => this.look());
    this.looking = look.catch(() => undefined);
    return look;
  }

  private async look(): Promise<StoredUsers> {
    // Forgotten while it looked: look again, from the whole store.
    for (;;) {
      const generation = this.generation;
      let delta = false;
      const written: PackedUser[] = [];
      const removedIds: string[] = [];
      try {
        const { mark } = await this.userStore.list(this.mark, (page) => {
          delta = page.delta;
          // Packed as they come: a page's objects are garbage once packed.
          for (const user of page.users) written.push(packUser(user));
          for (const id of page.removedIds) removedIds.push(id);
        });
        if (generation !== this.generation) continue;
        this.users = delta
          ? this.users.withChanges(written, removedIds)
          : StoredUsers.packed(written);
        this.mark = mark;
        return this.users;
      } catch (error) {
        this.forget();
        throw error;
      }
    }
  }
}
