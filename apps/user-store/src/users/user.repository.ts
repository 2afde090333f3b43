import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, In } from 'typeorm';
import type { Privilege, StoredUser, SyncedUserState, UserAuthMethod } from '@dirsync/contracts';
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

/** A page of `pages`: users after $1 (null: from the start) in id order, at most $2, with what a sync compares. */
const LIST_PAGE_SQL = `
  SELECT u.id, u.user_name AS "userName", u.full_name AS "fullName", u.auth_method AS "authMethod",
         u.external_id AS "externalId", u.dn,
         COALESCE((SELECT array_agg(e.address ORDER BY e.position)
                     FROM user_email_addresses e WHERE e.user_id = u.id), '{}') AS "emailAddresses"
    FROM users u
   WHERE $1::uuid IS NULL OR u.id > $1::uuid
   ORDER BY u.id
   LIMIT $2`;

@Injectable()
export class UserRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Every user, `pageSize` at a time in id order, all pages from one
   * snapshot of the database (REPEATABLE READ), so a list never mixes states
   * from before and after a concurrent write. `last` marks the final page,
   * also when there are no users at all.
   */
  async *pages(pageSize: number): AsyncGenerator<{ users: SyncedUserState[]; last: boolean }> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    let next: Promise<SyncedUserState[]> | undefined;
    try {
      await runner.startTransaction('REPEATABLE READ');
      // One statement per page (each user with its addresses, already in the
      // contract's shape), and the next page is read while this one is sent.
      const read = (afterId: string | null) => {
        const rows = runner.query(LIST_PAGE_SQL, [afterId, pageSize + 1]) as Promise<
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
        const last = rows.length <= pageSize;
        const page = last ? rows : rows.slice(0, pageSize);
        if (!last) next = current = read(page.at(-1)?.id ?? null);
        yield { users: page, last };
        if (last) break;
      }
      await runner.commitTransaction();
    } finally {
      await next?.catch(() => undefined);
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      await runner.release();
    }
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
      const rows = await tx.find(UserEntity, { where: { id: In(batch) } });
      for (const user of await this.withAddresses(tx, rows)) found.set(user.id, user);
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
      `INSERT INTO users (id, user_name, full_name, auth_method, external_id, dn, privileges)
       SELECT id, user_name, full_name, 'directory', external_id, dn,
              ARRAY(SELECT jsonb_array_elements_text(privileges))
         FROM ${PlannedCreates.table} ORDER BY position`,
    );
    await tx.query(
      `INSERT INTO user_email_addresses (user_id, position, address)
       SELECT p.id, a.ordinality - 1, a.address
         FROM ${PlannedCreates.table} AS p,
              jsonb_array_elements_text(p.email_addresses) WITH ORDINALITY AS a(address, ordinality)`,
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
      await tx.query(
        `UPDATE users AS u
            SET user_name = v.user_name, dn = v.dn, full_name = v.full_name, updated_at = now()
           FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) AS v(id, user_name, dn, full_name)
          WHERE u.id = v.id`,
        [
          batch.map((update) => update.id),
          batch.map((update) => update.userName),
          batch.map((update) => update.dn),
          batch.map((update) => update.fullName),
        ],
      );
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

  /** Deletes the users; their addresses go with them, their archive folders stay (ON DELETE SET NULL). */
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
