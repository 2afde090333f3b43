import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, In } from 'typeorm';
import type {
  Privilege,
  StoredUser,
  SyncedUserState,
  UserAuthMethod,
  UserPage,
} from '@dirsync/contracts';
import { PlannedCreates } from '../apply/planned-creates';
import { inBatches } from '../database/batches';
import { insertRows } from '../database/insert-rows';
import { groupAddresses, toAddressRows, toStoredUser } from './stored-user.mapper';
import { UserEmailAddressEntity } from './user-email-address.entity';
import { UserEntity } from './user.entity';

export interface NewUser {
  id: string;
  userName: string;
  fullName: string | null;
  emailAddresses: readonly string[];
  authMethod: UserAuthMethod;
  externalId: string | null;
  dn: string | null;
  privileges: readonly Privilege[];
}

export interface DirectoryFieldsUpdate {
  id: string;
  userName: string;
  dn: string | null;
  fullName: string | null;
  /** The new list, primary first; null when the addresses do not change. */
  emailAddresses: readonly string[] | null;
}

/**
 * The `users` and `user_email_addresses` tables. Every write takes the
 * caller's transaction (`tx`): nothing here commits on its own. Writes go
 * in statements of at most WRITE_BATCH_SIZE rows (plain SQL: the
 * entities map reads, the bulk paths write columns directly).
 */
/** Ids per locking statement (one array parameter each). */
const LOCK_BATCH_SIZE = 10_000;

/** What a sync compares of user `u`, in the contract's shape, its addresses in order. */
const SYNCED_USER_COLUMNS_SQL = `u.id, u.user_name AS "userName", u.full_name AS "fullName",
         u.auth_method AS "authMethod", u.external_id AS "externalId", u.dn,
         COALESCE((SELECT array_agg(e.address ORDER BY e.position)
                     FROM user_email_addresses e WHERE e.user_id = u.id), '{}') AS "emailAddresses"`;

/**
 * A page of `pages`: users after $1 (null: from the start) in id order, at
 * most $2, with what a sync compares; with $3, only those written by a
 * transaction whose id is at least $3.
 */
const LIST_PAGE_SQL = `
  SELECT ${SYNCED_USER_COLUMNS_SQL}
    FROM users u
   WHERE ($1::uuid IS NULL OR u.id > $1::uuid) AND ($3::bigint IS NULL OR u.written_in >= $3::bigint)
   ORDER BY u.id
   LIMIT $2`;

/** The users with the ids $1, with StoredUser's fields. */
const FIND_BY_IDS_SQL = `
  SELECT ${SYNCED_USER_COLUMNS_SQL}, u.privileges,
         u.created_at AS "createdAt", u.updated_at AS "updatedAt"
    FROM users u
   WHERE u.id = ANY($1::uuid[])`;

type FoundUserRow = Omit<StoredUser, 'createdAt' | 'updatedAt'> & {
  createdAt: Date;
  updatedAt: Date;
};

/**
 * Where the list's snapshot stands: its `xmin` (every transaction it cannot
 * see has an id at least that high), the next transaction id, and the
 * database's clock in ms. The first statement of a list: it takes the snapshot.
 */
const SNAPSHOT_SQL = `
  SELECT pg_snapshot_xmin(s)::text AS xmin, pg_snapshot_xmax(s)::text AS xmax,
         floor(extract(epoch FROM now()) * 1000)::bigint::text AS "nowMs"
    FROM pg_current_snapshot() AS s`;

/** How long user_removals keeps a deleted user's id (pruned hourly by RunReaper). */
export const REMOVALS_KEPT_MS = 24 * 60 * 60_000;
/** A mark older than this gets the whole store: well inside REMOVALS_KEPT_MS. */
const MARK_VALID_MS = REMOVALS_KEPT_MS / 2;

/** A list's mark, parsed: the `xmin` of its snapshot and when it was taken (database clock). */
interface ListMark {
  xmin: bigint;
  takenAtMs: bigint;
}

const markOf = (xmin: string, nowMs: string) => `${xmin}:${nowMs}`;

function parseMark(mark: string | undefined): ListMark | null {
  const [xmin, takenAtMs] = mark?.split(':') ?? [];
  if (!xmin || !takenAtMs) return null;
  return { xmin: BigInt(xmin), takenAtMs: BigInt(takenAtMs) };
}

/** Writes users' directory fields: $1 ids, $2 user names, $3 DNs, $4 full names (parallel arrays). */
export const UPDATE_DIRECTORY_FIELDS_SQL = `UPDATE users AS u
    SET user_name = v.user_name, dn = v.dn, full_name = v.full_name, updated_at = now()
   FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) AS v(id, user_name, dn, full_name)
  WHERE u.id = v.id`;

@Injectable()
export class UserRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Every user, `pageSize` at a time in id order, all pages from one
   * snapshot of the database (REPEATABLE READ), so a list never mixes states
   * from before and after a concurrent write. `last` marks the final page,
   * also when there are no users at all; it carries the list's mark.
   *
   * With `since` (an earlier list's mark), only the users written since and
   * the ids of those deleted since (`delta`), unless the mark cannot be
   * trusted: older than MARK_VALID_MS, ahead of this database (another
   * database, or one restored from a backup), or the users were truncated
   * since. Then it is the whole store, as without a mark.
   */
  async *pages(pageSize: number, since?: string): AsyncGenerator<UserPage> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    let next: Promise<SyncedUserState[]> | undefined;
    try {
      await runner.startTransaction('REPEATABLE READ');
      const [snapshot] =
        await runner.manager.query<{ xmin: string; xmax: string; nowMs: string }[]>(SNAPSHOT_SQL);
      if (!snapshot) throw new Error('no snapshot');
      const from = await this.deltaFrom(runner.manager, parseMark(since), snapshot);
      const mark = markOf(snapshot.xmin, snapshot.nowMs);
      const delta = from !== null;
      // One statement per page (each user with its addresses, already in the
      // contract's shape), and the next page is read while this one is sent.
      const read = (afterId: string | null) => {
        const rows = runner.query(LIST_PAGE_SQL, [afterId, pageSize + 1, from]) as Promise<
          SyncedUserState[]
        >;
        rows.catch(() => undefined); // awaited below, or dropped when the caller stops early
        return rows;
      };
      let current = read(null);
      next = current;
      for (;;) {
        const rows: SyncedUserState[] = await current;
        next = undefined;
        const lastUsers = rows.length <= pageSize;
        const page = lastUsers ? rows : rows.slice(0, pageSize);
        if (!lastUsers) {
          next = current = read(page.at(-1)?.id ?? null);
          yield { delta, users: page, removedIds: [], last: false };
          continue;
        }
        // The removed ids follow the users, pageSize at a time; the last page may carry none.
        const removed = delta ? await this.removedSince(runner.manager, from) : [];
        const removedPages = removed.length > 0 ? inBatches(removed, pageSize) : [[]];
        for (const [index, removedIds] of removedPages.entries()) {
          const users = index === 0 ? page : [];
          if (index < removedPages.length - 1) yield { delta, users, removedIds, last: false };
          else yield { delta, users, removedIds, last: true, mark };
        }
        break;
      }
      await runner.commitTransaction();
    } finally {
      await next?.catch(() => undefined);
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      await runner.release();
    }
  }

  /** Deletes the record of removals older than REMOVALS_KEPT_MS (marks that old get the whole store). */
  async pruneRemovals(): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM user_removals WHERE removed_at < now() - make_interval(secs => $1)`,
      [REMOVALS_KEPT_MS / 1000],
    );
  }

  /** The transaction id a delta list starts from, or null when the mark cannot be trusted. */
  private async deltaFrom(
    tx: EntityManager,
    since: ListMark | null,
    snapshot: { xmax: string; nowMs: string },
  ): Promise<string | null> {
    if (!since) return null;
    const tooOld = BigInt(snapshot.nowMs) - since.takenAtMs > BigInt(MARK_VALID_MS);
    const ahead = since.xmin > BigInt(snapshot.xmax) || since.takenAtMs > BigInt(snapshot.nowMs);
    if (tooOld || ahead) return null;
    const from = since.xmin.toString();
    const [truncated] = await tx.query<{ found: boolean }[]>(
      `SELECT EXISTS (SELECT FROM user_removals WHERE user_id IS NULL AND removed_in >= $1::bigint) AS found`,
      [from],
    );
    return truncated?.found ? null : from;
  }

  private async removedSince(tx: EntityManager, from: string): Promise<string[]> {
    const rows = await tx.query<{ id: string }[]>(
      `SELECT DISTINCT user_id AS id FROM user_removals WHERE removed_in >= $1::bigint AND user_id IS NOT NULL`,
      [from],
    );
    return rows.map((row) => row.id);
  }

  /**
   * One page of users ordered by user name (case-insensitively, as names are
   * unique), with the number of users that match in all. Offset paging is
   * fine for an admin's list; syncs read everything through `pages`.
   */
  async page(query: {
    offset: number;
    limit: number;
    authMethod?: UserAuthMethod;
    q?: string;
  }): Promise<{ total: number; users: StoredUser[] }> {
    const where = query.authMethod ? { authMethod: query.authMethod } : {};
    const select = this.dataSource.manager.createQueryBuilder(UserEntity, 'user').where(where);
    if (query.q) {
      // A substring of the user name, full name or any address; LIKE's own characters match themselves.
      const pattern = `%${query.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      select.andWhere(
        `(lower(user.user_name) LIKE :pattern OR lower(coalesce(user.full_name, '')) LIKE :pattern
          OR EXISTS (SELECT 1 FROM user_email_addresses e
                      WHERE e.user_id = user.id AND lower(e.address) LIKE :pattern))`,
        { pattern },
      );
    }
    const [rows, total] = await select
      .orderBy('lower(user.user_name)', 'ASC')
      .addOrderBy('user.id', 'ASC')
      .offset(query.offset)
      .limit(query.limit)
      .getManyAndCount();
    return { total, users: await this.withAddresses(this.dataSource.manager, rows) };
  }

  async findByUserName(userName: string): Promise<StoredUser | null> {
    const row = await this.dataSource.manager
      .createQueryBuilder(UserEntity, 'user')
      .where('lower(user.user_name) = lower(:userName)', { userName })
      .getOne();
    return row ? ((await this.withAddresses(this.dataSource.manager, [row]))[0] ?? null) : null;
  }

  async findById(id: string): Promise<StoredUser | null> {
    return (await this.findByIds(this.dataSource.manager, [id])).get(id) ?? null;
  }

  async findByEmailAddress(address: string): Promise<StoredUser | null> {
    const owner = await this.dataSource.manager
      .createQueryBuilder(UserEmailAddressEntity, 'email')
      .where('lower(email.address) = lower(:address)', { address })
      .getOne();
    if (!owner) return null;
    const row = await this.dataSource.manager.findOneBy(UserEntity, { id: owner.userId });
    return row ? ((await this.withAddresses(this.dataSource.manager, [row]))[0] ?? null) : null;
  }

  /**
   * The users with these ids, their rows locked (FOR UPDATE) until `tx`
   * ends, so nothing changes them between the checks and the writes. Ids
   * not in the store are simply absent from the map.
   */
  async lockByIds(tx: EntityManager, ids: readonly string[]): Promise<Map<string, StoredUser>> {
    await this.lockIds(tx, ids);
    return this.findByIds(tx, ids);
  }

  /**
   * Locks the rows of these users (FOR UPDATE) until `tx` ends, without
   * reading them. Rows are locked in id order, so two transactions never
   * wait for each other in a cycle.
   */
  async lockIds(tx: EntityManager, ids: readonly string[]): Promise<void> {
    for (const batch of inBatches([...ids].sort(), LOCK_BATCH_SIZE)) {
      await tx.query('SELECT id FROM users WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE', [
        batch,
      ]);
    }
  }

  /** The users with these ids as `tx` sees them; ids not in the store are absent from the map. */
  async findByIds(tx: EntityManager, ids: readonly string[]): Promise<Map<string, StoredUser>> {
    const found = new Map<string, StoredUser>();
    for (const batch of inBatches(ids)) {
      // One statement with the addresses, the ids as one array parameter
      // (TypeORM's In() binds one parameter per id and a second query for
      // the addresses: an apply reads its users 1,000 at a time).
      const rows = await tx.query<FoundUserRow[]>(FIND_BY_IDS_SQL, [batch]);
      for (const row of rows) {
        found.set(row.id, {
          ...row,
          createdAt: row.createdAt.toISOString(),
          updatedAt: row.updatedAt.toISOString(),
        });
      }
    }
    return found;
  }

  /** Inserts the users and their addresses. */
  async insert(tx: EntityManager, users: readonly NewUser[]): Promise<void> {
    for (const batch of inBatches(users)) {
      await insertRows(
        tx,
        'users',
        [
          ['id', 'uuid'],
          ['user_name', 'text'],
          ['full_name', 'text'],
          ['auth_method', 'text'],
          ['external_id', 'text'],
          ['dn', 'text'],
          ['privileges', 'text[]'],
        ],
        batch.map((user) => [
          user.id,
          user.userName,
          user.fullName,
          user.authMethod,
          user.externalId,
          user.dn,
          [...user.privileges],
        ]),
      );
    }
    await this.insertAddresses(
      tx,
      users.flatMap((user) => toAddressRows(user.id, user.emailAddresses)),
    );
  }

  /** Inserts the users a plan creates, and their addresses in order, from `planned`'s table. */
  async insertPlanned(tx: EntityManager, planned: PlannedCreates): Promise<void> {
    if (planned.count === 0) return;
    await tx.query(
      // written_in computed once, not by its default once per row (≈ 0.1 s for 100,000 users).
      `INSERT INTO users (id, user_name, full_name, auth_method, external_id, dn, privileges, written_in)
       SELECT ${PlannedCreates.userIdSql('p')}, user_name, full_name, 'directory', external_id, dn, privileges,
              (SELECT write_transaction_id())
         FROM ${PlannedCreates.lines} AS p ORDER BY position`,
      [...planned.params],
    );
    await tx.query(
      `INSERT INTO user_email_addresses (user_id, position, address)
       SELECT ${PlannedCreates.userIdSql('p')}, a.ordinality - 1, a.address
         FROM ${PlannedCreates.lines} AS p,
              unnest(p.email_addresses) WITH ORDINALITY AS a(address, ordinality)`,
      [...planned.params],
    );
  }

  /**
   * Writes the directory's fields of existing users (`emailAddresses: null`
   * leaves a user's addresses alone). Addresses are replaced in two passes
   * over all users (every old list deleted, then every new one inserted), so
   * an address moving from one user to another in the same plan never meets
   * itself in the unique index.
   */
  async updateDirectoryFields(
    tx: EntityManager,
    updates: readonly DirectoryFieldsUpdate[],
  ): Promise<void> {
    for (const batch of inBatches(updates)) {
      // One UPDATE per batch: the new values travel as parallel arrays.
      await tx.query(UPDATE_DIRECTORY_FIELDS_SQL, [
        batch.map((update) => update.id),
        batch.map((update) => update.userName),
        batch.map((update) => update.dn),
        batch.map((update) => update.fullName),
      ]);
    }
    const readdressed = updates.filter((update) => update.emailAddresses !== null);
    await this.deleteAddressesOf(
      tx,
      readdressed.map((update) => update.id),
    );
    await this.insertAddresses(
      tx,
      readdressed.flatMap((update) => toAddressRows(update.id, update.emailAddresses ?? [])),
    );
  }

  /** Writes one user's privileges (an admin's change; syncs write only the directory's fields). */
  async updatePrivileges(
    tx: EntityManager,
    id: string,
    privileges: readonly Privilege[],
  ): Promise<void> {
    await tx.query('UPDATE users SET privileges = $2::text[], updated_at = now() WHERE id = $1', [
      id,
      [...privileges],
    ]);
  }

  /** Deletes the users; their addresses go with them, their archive folders stay (the trigger users_release_owned). */
  async delete(tx: EntityManager, ids: readonly string[]): Promise<void> {
    for (const batch of inBatches(ids)) await tx.delete(UserEntity, { id: In(batch) });
  }

  private async deleteAddressesOf(tx: EntityManager, userIds: readonly string[]): Promise<void> {
    for (const batch of inBatches(userIds))
      await tx.delete(UserEmailAddressEntity, { userId: In(batch) });
  }

  private async insertAddresses(
    tx: EntityManager,
    rows: readonly { userId: string; position: number; address: string }[],
  ): Promise<void> {
    for (const batch of inBatches(rows)) {
      await insertRows(
        tx,
        'user_email_addresses',
        [
          ['user_id', 'uuid'],
          ['position', 'int'],
          ['address', 'text'],
        ],
        batch.map((row) => [row.userId, row.position, row.address]),
      );
    }
  }

  private async withAddresses(
    manager: EntityManager,
    rows: readonly UserEntity[],
  ): Promise<StoredUser[]> {
    if (rows.length === 0) return [];
    const addressRows = await manager.find(UserEmailAddressEntity, {
      where: { userId: In(rows.map((row) => row.id)) },
    });
    const addresses = groupAddresses(addressRows);
    return rows.map((row) => toStoredUser(row, addresses.get(row.id) ?? []));
  }
}
