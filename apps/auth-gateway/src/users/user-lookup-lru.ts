import type { StoredUser } from '@dirsync/contracts';

interface Entry {
  user: StoredUser;
  /** When it was stored, on the caller's clock (milliseconds). */
  storedAt: number;
}

/**
 * user-store's answers by the name they were asked with (as typed, trimmed:
 * user-store folds case with PostgreSQL's lower(), which this must not
 * second-guess), at most `capacity` of them, the least recently used
 * dropped first. Indexed by user id and by lower-cased name, so that an
 * event about a user drops every entry that holds that user or that name,
 * however it was typed. No I/O, no clock: the caller passes the time.
 */
export class UserLookupLru {
  /** In use order: the first is the least recently used (a Map keeps insertion order). */
  private readonly entries = new Map<string, Entry>();
  private readonly keysByUserId = new Map<string, Set<string>>();
  private readonly keysByName = new Map<string, Set<string>>();

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.entries.size;
  }

  /** The user asked for as `key`, unless older than `maxAgeMs` (then dropped). */
  get(key: string, now: number, maxAgeMs: number): StoredUser | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (now - entry.storedAt > maxAgeMs) {
      this.delete(key);
      return undefined;
    }
    // Most recently used now: to the end of the order.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.user;
  }

  set(key: string, user: StoredUser, now: number): void {
    if (this.capacity === 0) return;
    this.delete(key);
    this.entries.set(key, { user, storedAt: now });
    addTo(this.keysByUserId, user.id, key);
    for (const name of namesOf(key, user)) addTo(this.keysByName, name, key);
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.delete(oldest.value);
    }
  }

  /** Drops every entry holding this user or one of these names (any case); returns how many. */
  dropUser(userId: string, userNames: readonly string[]): number {
    const keys = new Set(this.keysByUserId.get(userId));
    for (const name of userNames) {
      for (const key of this.keysByName.get(fold(name)) ?? []) keys.add(key);
    }
    for (const key of keys) this.delete(key);
    return keys.size;
  }

  clear(): void {
    this.entries.clear();
    this.keysByUserId.clear();
    this.keysByName.clear();
  }

  private delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    removeFrom(this.keysByUserId, entry.user.id, key);
    for (const name of namesOf(key, entry.user)) removeFrom(this.keysByName, name, key);
  }
}

/** The names an entry answers to: as it was asked for and as the store spells it. */
function namesOf(key: string, user: StoredUser): string[] {
  const asked = fold(key);
  const stored = fold(user.userName);
  return asked === stored ? [asked] : [asked, stored];
}

function fold(name: string): string {
  return name.trim().toLowerCase();
}

function addTo(index: Map<string, Set<string>>, indexKey: string, key: string): void {
  const keys = index.get(indexKey);
  if (keys) keys.add(key);
  else index.set(indexKey, new Set([key]));
}

function removeFrom(index: Map<string, Set<string>>, indexKey: string, key: string): void {
  const keys = index.get(indexKey);
  if (!keys) return;
  keys.delete(key);
  if (keys.size === 0) index.delete(indexKey);
}
