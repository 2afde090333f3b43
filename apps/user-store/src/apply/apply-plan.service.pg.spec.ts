import {
  type DirectoryUser,
  type KeepReason,
  type PlannedUserChange,
  Privilege,
  type StoredUser,
} from '@dirsync/contracts';
import { AppError } from '@dirsync/service-kit';
import type { QueryRunner } from 'typeorm';
import {
  type UserStoreTestDatabase,
  useUserStoreTestDatabase,
} from '../../test/user-store-test-database';
import { APPLY_CHUNK_SIZE, ApplyPlanService } from './apply-plan.service';
import { diffFields, isRename } from '@dirsync/user-diff';
import { directoryUser, refusal } from '@dirsync/testing';
import { userEvents } from '../outbox/user-events';

const DEFAULTS = [Privilege.LogOn, Privilege.ReadOwnArchive];

const create = (user: DirectoryUser, privileges = DEFAULTS): PlannedUserChange => ({
  action: 'create',
  userName: user.userName,
  directoryUser: user,
  privileges,
});

/** The update or rename line the planner makes for `stored` becoming `user`. */
const change = (stored: StoredUser, user: DirectoryUser): PlannedUserChange => {
  const fieldChanges = diffFields(user, stored);
  return {
    action: isRename(fieldChanges) ? 'rename' : 'update',
    userName: user.userName,
    userId: stored.id,
    directoryUser: user,
    fieldChanges,
  };
};

const remove = (
  stored: StoredUser,
  reason: KeepReason = 'no-longer-in-directory',
): PlannedUserChange => ({
  action: 'delete',
  userName: stored.userName,
  userId: stored.id,
  reason,
});

describe(ApplyPlanService.name, () => {
  let db: UserStoreTestDatabase;
  let store: ReturnType<UserStoreTestDatabase['services']>;
  let sut: ApplyPlanService;

  useUserStoreTestDatabase((fresh) => {
    ({ db, store } = fresh);
    sut = store.applyPlan;
  });

  /** The stored user with this name (the test fails if there is none). */
  async function stored(userName: string): Promise<StoredUser> {
    const user = await store.queries.findByUserName(userName);
    if (!user) throw new Error(`no stored user ${userName}`);
    return user;
  }

  async function seed(...users: DirectoryUser[]) {
    const run = await store.leasedSyncRun();
    await sut.apply(
      await store.stagePlan(
        run,
        users.map((user) => create(user)),
      ),
    );
    await db.query('UPDATE outbox_events SET published_at = now()');
  }

  /** Waits until `count` sessions of this database wait for a row lock. */
  async function waitForLockWaiters(count: number) {
    for (let tries = 0; tries < 100; tries += 1) {
      const [row] = await db.query<{ waiting: number }>(
        `SELECT count(*)::int AS waiting FROM pg_stat_activity
          WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      );
      if ((row?.waiting ?? 0) >= count) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`${count} sessions never waited for the lock`);
  }

  /** Ends a blocking transaction however the test went, so no lock outlives it. */
  async function releaseBlocker(blocker: QueryRunner) {
    if (blocker.isTransactionActive) await blocker.rollbackTransaction();
    await blocker.release();
  }

  /** The user events not yet published, as the relay will publish them (the run's own events are left out). */
  const unpublished = () =>
    db.query<{ routing_key: string; payload: { runId?: string; user?: { userName: string } } }>(
      `SELECT routing_key, published_payload(e) AS payload FROM outbox_events AS e
        WHERE published_at IS NULL AND routing_key LIKE 'user.%' ORDER BY sequence`,
    );

  /** The run events not yet published. */
  const runEvents = () =>
    db.query<{ routing_key: string; payload: Record<string, unknown> }>(
      `SELECT routing_key, payload FROM outbox_events
        WHERE published_at IS NULL AND routing_key LIKE 'sync.run.%' ORDER BY sequence`,
    );

  describe('a plan larger than one chunk', () => {
    const names = (count: number, prefix: string) =>
      Array.from({ length: count }, (_, index) => `${prefix}${String(index).padStart(6, '0')}`);

    it('applies every line of every chunk, deletes before creates, in one transaction', async () => {
      const leaving = names(APPLY_CHUNK_SIZE + 10, 'old');
      await seed(...leaving.map((name) => directoryUser(name)));
      const removals = await Promise.all(leaving.map(async (name) => remove(await stored(name))));
      // Each new user takes the name and address an old one gives up.
      const arriving = leaving.map((name) =>
        create(directoryUser(name, { externalId: `new-${name}` })),
      );
      const run = await store.stagePlan(await store.leasedSyncRun(), [...removals, ...arriving]);

      const result = await sut.apply(run);

      expect(result).toEqual({
        created: leaving.length,
        updated: 0,
        renamed: 0,
        deleted: leaving.length,
      });
      const [row] = await db.query<{ users: number; replaced: number }>(
        `SELECT count(*)::int AS users,
                count(*) FILTER (WHERE external_id LIKE 'new-%')::int AS replaced FROM users`,
      );
      expect(row).toEqual({ users: leaving.length, replaced: leaving.length });
      expect((await unpublished()).length).toBe(2 * leaving.length);
    });

    it('refuses a directory entry on a line of the first chunk and of the last, naming both, and writes nothing', async () => {
      const lines = names(2 * APPLY_CHUNK_SIZE + 1, 'u').map((name) => create(directoryUser(name)));
      lines.push(create(directoryUser('twin', { externalId: 'ext-u000000' })));
      const run = await store.stagePlan(await store.leasedSyncRun(), lines);
      const before = await db.contents();

      const error = await refusal(sut.apply(run));

      expect(error.code).toBe('invalid-message');
      expect(error.details).toEqual([
        {
          line: lines.length - 1,
          userName: 'twin',
          problem: 'directory entry ext-u000000 appears on more than one line',
        },
      ]);
      expect(await db.contents()).toEqual(before);
    });
  });

  describe('lines that name the same user or entry', () => {
    it('refuses a stored user on two lines and an entry on a create and an update, naming each later line, and writes nothing', async () => {
      await seed(directoryUser('ann'), directoryUser('bob'));
      const ann = await stored('ann');
      const bob = await stored('bob');
      const lines = [
        change(ann, directoryUser('ann', { fullName: 'Ann Changed' })),
        remove(ann),
        create(directoryUser('carl', { externalId: bob.externalId ?? '' })),
        change(bob, directoryUser('bob', { fullName: 'Bob Changed' })),
      ];
      const run = await store.stagePlan(await store.leasedSyncRun(), lines);
      const before = await db.contents();

      const error = await refusal(sut.apply(run));

      expect(error.code).toBe('invalid-message');
      expect(error.details).toEqual([
        { line: 1, userName: 'ann', problem: `user ${ann.id} appears on more than one line` },
        {
          line: 3,
          userName: 'bob',
          problem: `directory entry ${bob.externalId} appears on more than one line`,
        },
      ]);
      expect(await db.contents()).toEqual(before);
    });
  });

  describe('create', () => {
    it('stores new directory users with their addresses in order, the planned privileges and an archive folder', async () => {
      const ann = directoryUser('ann', { emailAddresses: ['ann@example.com', 'a.nn@example.com'] });
      const run = await store.leasedSyncRun();

      const result = await sut.apply(await store.stagePlan(run, [create(ann, [Privilege.LogOn])]));

      expect(result).toEqual({ created: 1, updated: 0, renamed: 0, deleted: 0 });
      const user = await stored('ann');
      expect(user).toMatchObject({
        userName: 'ann',
        fullName: 'ann Example',
        emailAddresses: ['ann@example.com', 'a.nn@example.com'],
        authMethod: 'directory',
        externalId: 'ext-ann',
        dn: 'uid=ann,ou=people,dc=example,dc=com',
        privileges: [Privilege.LogOn],
      });
      expect(
        await db.query(
          'SELECT name, owner_user_id, owner_user_name, orphaned_at FROM archive_folders',
        ),
      ).toEqual([
        { name: 'ann', owner_user_id: user.id, owner_user_name: 'ann', orphaned_at: null },
      ]);
    });

    it('writes one user.created.v1 per user to the outbox in the same transaction, then the run completed', async () => {
      const run = await store.leasedSyncRun();

      await sut.apply(
        await store.stagePlan(run, [create(directoryUser('ann')), create(directoryUser('bob'))]),
      );

      const events = await db.query<{
        routing_key: string;
        payload: { runId?: string; user?: { userName: string } };
      }>(
        'SELECT routing_key, published_payload(e) AS payload FROM outbox_events AS e ORDER BY sequence',
      );
      expect(
        events.map((event) => [
          event.routing_key,
          event.payload.user?.userName,
          event.payload.runId,
        ]),
      ).toEqual([
        ['user.created.v1', 'ann', run.runId],
        ['user.created.v1', 'bob', run.runId],
        ['sync.run.completed.v1', undefined, run.runId],
      ]);
      expect(
        await db.query('SELECT state, applied, apply_result FROM sync_runs WHERE id = $1', [
          run.runId,
        ]),
      ).toEqual([
        {
          state: 'succeeded',
          applied: true,
          apply_result: { created: 2, updated: 0, renamed: 0, deleted: 0 },
        },
      ]);
    });

    it('writes a first sync of 5,000 users in batches, not a statement per user', async () => {
      const users = Array.from({ length: 5_000 }, (_, i) =>
        directoryUser(`user${i}`, {
          emailAddresses: [`user${i}@example.com`, `u${i}@example.org`],
        }),
      );
      const run = await store.stagePlan(
        await store.leasedSyncRun(),
        users.map((user) => create(user)),
      );
      db.statements.count = 0;

      const result = await sut.apply(run);

      expect(result.created).toBe(5_000);
      // users, folders, outbox: 5 batches each; addresses: 10; plus BEGIN/COMMIT, the run's
      // lock, the staged plan read in one statement, the run's end and its completed event.
      expect(db.statements.count).toBeLessThan(40);
      const [counts] = await db.query<{
        users: string;
        addresses: string;
        folders: string;
        events: string;
      }>(
        `SELECT (SELECT count(*) FROM users) AS users, (SELECT count(*) FROM user_email_addresses) AS addresses,
                (SELECT count(*) FROM archive_folders) AS folders,
                (SELECT count(*) FROM outbox_events WHERE routing_key = 'user.created.v1') AS events`,
      );
      expect(counts).toEqual({
        users: '5000',
        addresses: '10000',
        folders: '5000',
        events: '5000',
      });
    });
    it('writes the same user.created.v1 as userEvents.created makes for the stored user, with or without a full name and addresses', async () => {
      const ann = directoryUser('ann', { emailAddresses: ['ann@example.com', 'a.nn@example.com'] });
      const bob = directoryUser('bob', { fullName: null, emailAddresses: [] });
      const run = await store.leasedSyncRun();

      await sut.apply(
        await store.stagePlan(run, [create(ann, [Privilege.LogOn]), create(bob, [])]),
      );

      const events = await db.query<{ id: string; payload: unknown }>(
        `SELECT id, published_payload(e) AS payload FROM outbox_events AS e
          WHERE routing_key = 'user.created.v1' ORDER BY sequence`,
      );
      expect(events.map((event) => event.payload)).toEqual([
        userEvents.created(await stored('ann'), run.runId).payload,
        userEvents.created(await stored('bob'), run.runId).payload,
      ]);
      expect(new Set(events.map((event) => event.id)).size).toBe(2);
    });
  });

  describe('update', () => {
    it("changes the directory's fields, keeps the privileges an admin granted, and records the field changes", async () => {
      await seed(directoryUser('ann'));
      const before = await stored('ann');
      await db.query(`UPDATE users SET privileges = '{log-on,archive-email}' WHERE id = $1`, [
        before.id,
      ]);
      const granted = await stored('ann');
      const ann = directoryUser('ann', {
        fullName: 'Ann Other',
        emailAddresses: ['ann.other@example.com'],
      });

      const run = await store.leasedSyncRun();

      const result = await sut.apply(await store.stagePlan(run, [change(granted, ann)]));

      expect(result).toEqual({ created: 0, updated: 1, renamed: 0, deleted: 0 });
      const after = await stored('ann');
      expect(after).toMatchObject({
        id: before.id,
        fullName: 'Ann Other',
        emailAddresses: ['ann.other@example.com'],
        privileges: [Privilege.LogOn, Privilege.ArchiveEmail],
        createdAt: before.createdAt,
      });
      expect(after.updatedAt > before.updatedAt).toBe(true);
      const [event] = await unpublished();
      expect(event).toMatchObject({
        routing_key: 'user.updated.v1',
        payload: {
          runId: run.runId,
          user: { id: before.id, fullName: 'Ann Other', privileges: ['log-on', 'archive-email'] },
          changes: [
            { field: 'fullName', old: 'ann Example', new: 'Ann Other' },
            { field: 'emailAddresses', old: ['ann@example.com'], new: ['ann.other@example.com'] },
          ],
        },
      });
    });

    it('lets an address move from one user to another in the same plan', async () => {
      await seed(directoryUser('ann'), directoryUser('bob'));
      const ann = await stored('ann');
      const bob = await stored('bob');

      await sut.apply(
        await store.stagePlan(await store.leasedSyncRun(), [
          change(
            bob,
            directoryUser('bob', { emailAddresses: ['bob@example.com', 'ann@example.com'] }),
          ),
          change(ann, directoryUser('ann', { emailAddresses: ['ann@example.org'] })),
        ]),
      );

      expect((await stored('bob')).emailAddresses).toEqual(['bob@example.com', 'ann@example.com']);
      expect((await stored('ann')).emailAddresses).toEqual(['ann@example.org']);
    });
  });

  describe('rename', () => {
    it('keeps the same user (same id) under a new name and DN, and its folder follows the name', async () => {
      await seed(directoryUser('ann'));
      const before = await stored('ann');
      const moved = directoryUser('ann', {
        userName: 'anne',
        dn: 'uid=anne,ou=staff,dc=example,dc=com',
      });

      const result = await sut.apply(
        await store.stagePlan(await store.leasedSyncRun(), [change(before, moved)]),
      );

      expect(result).toEqual({ created: 0, updated: 0, renamed: 1, deleted: 0 });
      expect(await store.queries.findByUserName('ann')).toBeNull();
      expect(await stored('ANNE')).toMatchObject({
        id: before.id,
        dn: 'uid=anne,ou=staff,dc=example,dc=com',
      });
      expect(await db.query('SELECT name, owner_user_name FROM archive_folders')).toEqual([
        { name: 'ann', owner_user_name: 'anne' },
      ]);
      expect(await unpublished()).toEqual([
        {
          routing_key: 'user.renamed.v1',
          payload: expect.objectContaining({
            user: expect.objectContaining({ id: before.id, userName: 'anne' }),
            previousUserName: 'ann',
            previousDn: 'uid=ann,ou=people,dc=example,dc=com',
          }),
        },
      ]);
    });
  });

  describe('delete', () => {
    it('removes the user and its addresses but keeps its archive folder, marked as no longer owned', async () => {
      await seed(directoryUser('ann'));
      const ann = await stored('ann');
      const [folder] = await db.query<{ id: string }>('SELECT id FROM archive_folders');
      const run = await store.leasedSyncRun();

      const result = await sut.apply(await store.stagePlan(run, [remove(ann, 'out-of-scope')]));

      expect(result).toEqual({ created: 0, updated: 0, renamed: 0, deleted: 1 });
      expect(await store.queries.findByUserName('ann')).toBeNull();
      expect(await db.query('SELECT * FROM user_email_addresses')).toEqual([]);
      expect(
        await db.query(
          'SELECT id, owner_user_id, owner_user_name, orphaned_at FROM archive_folders',
        ),
      ).toEqual([
        {
          id: folder?.id,
          owner_user_id: null,
          owner_user_name: 'ann',
          orphaned_at: expect.any(Date),
        },
      ]);
      expect(await unpublished()).toEqual([
        {
          routing_key: 'user.deleted.v1',
          payload: expect.objectContaining({
            user: expect.objectContaining({ id: ann.id, userName: 'ann' }),
            archiveFolderId: folder?.id,
            reason: 'out-of-scope',
            runId: run.runId,
          }),
        },
      ]);
    });

    it('frees the name and addresses for a user created in the same plan', async () => {
      await seed(directoryUser('ann'));
      const ann = await stored('ann');

      await sut.apply(
        await store.stagePlan(await store.leasedSyncRun(), [
          create(directoryUser('ann', { externalId: 'ext-new-ann' })),
          remove(ann),
        ]),
      );

      expect(await stored('ann')).toMatchObject({
        externalId: 'ext-new-ann',
        emailAddresses: ['ann@example.com'],
      });
      expect(await db.query('SELECT count(*)::int AS folders FROM archive_folders')).toEqual([
        { folders: 2 },
      ]);
    });
  });

  describe('all or nothing', () => {
    it('rolls back every line when the last one breaks a unique address (the store is unchanged)', async () => {
      await seed(directoryUser('ann'), directoryUser('bob'), directoryUser('carl'));
      const ann = await stored('ann');
      const bob = await stored('bob');
      // 2,500 creates span three insert batches; the very last one takes a
      // new user's address and fails after everything else was written.
      const creates = Array.from({ length: 2_500 }, (_, i) => create(directoryUser(`new${i}`)));
      const duplicate = create(directoryUser('late', { emailAddresses: ['new0@example.com'] }));
      const run = await store.stagePlan(await store.leasedSyncRun(), [
        remove(ann),
        change(bob, directoryUser('bob', { fullName: 'Bob Changed' })),
        ...creates,
        duplicate,
      ]);
      const before = await db.contents();

      const sut_error = await refusal(sut.apply(run));

      expect(sut_error).toMatchObject({
        code: 'conflict',
        status: 409,
        message: 'an e-mail address already belongs to another user',
        details: {
          constraint: 'user_email_addresses_address_lower_key',
          detail: expect.stringContaining('new0@example.com'),
        },
      });
      expect(await db.contents()).toEqual(before);
      expect((await db.query('SELECT state FROM sync_runs WHERE id = $1', [run.runId]))[0]).toEqual(
        {
          state: 'running',
        },
      );
    });

    it('refuses an address that belongs to another user, whatever its case', async () => {
      await seed(directoryUser('ann'));
      const run = await store.stagePlan(await store.leasedSyncRun(), [
        create(directoryUser('bob', { emailAddresses: ['ANN@Example.com'] })),
      ]);
      const before = await db.contents();

      const error = await refusal(sut.apply(run));

      expect(error.code).toBe('conflict');
      expect(await db.contents()).toEqual(before);
    });

    it('stages keep and conflict lines with the plan but never applies them', async () => {
      await seed(directoryUser('bob'), directoryUser('carl'));
      const bob = await stored('bob');
      const carl = await stored('carl');
      const lines: PlannedUserChange[] = [
        { action: 'keep', userName: 'bob', userId: bob.id, reason: 'no-longer-in-directory' },
        create(directoryUser('ann')),
        {
          action: 'conflict',
          userName: 'carl',
          userId: carl.id,
          reason: 'two entries',
          parties: ['carl', 'Carl'],
        },
        { action: 'conflict', userName: 'dora', reason: 'two entries', parties: ['dora', 'DORA'] },
      ];
      const run = await store.stagePlan(await store.leasedSyncRun(), lines);

      const result = await sut.apply(run);

      expect(result).toEqual({ created: 1, updated: 0, renamed: 0, deleted: 0 });
      expect(await stored('bob')).toEqual(bob);
      expect(await stored('carl')).toEqual(carl);
      expect(await store.queries.findByUserName('dora')).toBeNull();
      expect(
        (await unpublished()).map((event) => [event.routing_key, event.payload.user?.userName]),
      ).toEqual([['user.created.v1', 'ann']]);
      // The plan keeps every line, applied or not, for the admin to read (by action, then name).
      expect(await store.ledger.changes({ runId: run.runId, offset: 0, limit: 10 })).toEqual({
        changes: [lines[2], lines[3], lines[1], lines[0]],
        total: 4,
      });
      expect(
        await db.query('SELECT state, counts FROM sync_runs WHERE id = $1', [run.runId]),
      ).toEqual([
        {
          state: 'succeeded',
          counts: expect.objectContaining({ create: 1, keep: 1, conflict: 2 }),
        },
      ]);
    });

    it.each<[string, PlannedUserChange[]]>([
      [
        'one directory entry on two lines',
        [create(directoryUser('bob')), create(directoryUser('bob', { userName: 'bobby' }))],
      ],
    ])('refuses a plan with %s and writes nothing', async (_, lines) => {
      const run = await store.stagePlan(await store.leasedSyncRun(), [
        create(directoryUser('ann')),
        ...lines,
      ]);
      const before = await db.contents();

      const error = await refusal(sut.apply(run));

      expect(error.code).toBe('invalid-message');
      expect(await db.contents()).toEqual(before);
    });

    it('refuses a plan made against values the store no longer holds', async () => {
      await seed(directoryUser('ann'));
      const ann = await stored('ann');
      const line = change(ann, directoryUser('ann', { fullName: 'Planned' }));
      await db.query(`UPDATE users SET full_name = 'Changed meanwhile' WHERE id = $1`, [ann.id]);
      const run = await store.stagePlan(await store.leasedSyncRun(), [
        create(directoryUser('bob')),
        line,
      ]);
      const before = await db.contents();

      const error = await refusal(sut.apply(run));

      expect(error.code).toBe('stale-plan');
      expect(await db.contents()).toEqual(before);
    });

    it('refuses a change to a user id that is not in the store', async () => {
      await seed(directoryUser('ann'));
      const ghost = { ...(await stored('ann')), id: '00000000-0000-4000-8000-000000000000' };

      const error = await refusal(
        sut.apply(await store.stagePlan(await store.leasedSyncRun(), [remove(ghost)])),
      );

      expect(error.code).toBe('stale-plan');
      expect(await store.queries.findByUserName('ann')).not.toBeNull();
    });

    it('checks the users after locking them: a change committed while the apply waited makes the plan stale', async () => {
      await seed(directoryUser('ann'));
      const ann = await stored('ann');
      const line = change(ann, directoryUser('ann', { fullName: 'Planned' }));
      const run = await store.stagePlan(await store.leasedSyncRun(), [line]);
      // Hold ann's row, and change it while the apply waits for it.
      const blocker = db.dataSource.createQueryRunner();
      await blocker.connect();
      try {
        await blocker.startTransaction();
        await blocker.query('SELECT 1 FROM users WHERE id = $1 FOR UPDATE', [ann.id]);

        const applying = refusal(sut.apply(run));
        await waitForLockWaiters(1);
        await blocker.query(`UPDATE users SET full_name = 'Changed meanwhile' WHERE id = $1`, [
          ann.id,
        ]);
        await blocker.commitTransaction();
        const error = await applying;

        expect(error.code).toBe('stale-plan');
      } finally {
        await releaseBlocker(blocker);
      }
      expect((await stored('ann')).fullName).toBe('Changed meanwhile');
      expect(await unpublished()).toEqual([]);
      expect(await runEvents()).toEqual([]);
      expect(
        await db.query('SELECT state, applied FROM sync_runs WHERE id = $1', [run.runId]),
      ).toEqual([{ state: 'running', applied: false }]);
    });

    it('applies the same plan only once when two applies of the run race (the later answers the first result)', async () => {
      await seed(directoryUser('ann'));
      const ann = await stored('ann');
      // Staged once: a redelivered apply carries only the run and its lease.
      const run = await store.stagePlan(await store.leasedSyncRun(), [
        change(ann, directoryUser('ann', { fullName: 'Once' })),
      ]);
      // Hold ann's row so that both applies are surely under way at the same time:
      // the first waits for ann, the second for the run the first holds.
      const blocker = db.dataSource.createQueryRunner();
      await blocker.connect();
      let racing: Promise<PromiseSettledResult<unknown>[]> | undefined;
      let outcomes: PromiseSettledResult<unknown>[];
      try {
        await blocker.startTransaction();
        await blocker.query('SELECT 1 FROM users WHERE id = $1 FOR UPDATE', [ann.id]);
        racing = Promise.allSettled([sut.apply(run), sut.apply(run)]);
        await waitForLockWaiters(2);
        await blocker.commitTransaction();
        outcomes = await racing;
      } finally {
        await releaseBlocker(blocker);
        await racing;
      }

      const once = { created: 0, updated: 1, renamed: 0, deleted: 0 };
      expect(outcomes).toEqual([
        { status: 'fulfilled', value: once },
        { status: 'fulfilled', value: once },
      ]);
      expect(await unpublished()).toHaveLength(1);
      expect((await runEvents()).map((event) => event.routing_key)).toEqual([
        'sync.run.completed.v1',
      ]);
      expect((await stored('ann')).fullName).toBe('Once');
    });
  });

  describe('local users', () => {
    it('never changes or deletes a local user, and refuses the whole plan that tries', async () => {
      const { user: admin } = await store.localUsers.create({
        userName: 'admin',
        fullName: 'Local Admin',
        emailAddresses: ['admin@example.com'],
        privileges: [Privilege.LogOn],
      });
      await db.query('UPDATE outbox_events SET published_at = now()');
      const { users, addresses, folders } = await db.contents();

      const asDirectoryUser = directoryUser('admin', {
        externalId: 'ext-admin',
        fullName: 'Hijacked',
      });
      const plans: PlannedUserChange[][] = [
        [create(directoryUser('bob')), remove(admin)],
        [
          {
            action: 'update',
            userName: 'admin',
            userId: admin.id,
            directoryUser: asDirectoryUser,
            fieldChanges: [{ field: 'fullName', old: 'Local Admin', new: 'Hijacked' }],
          },
        ],
        // A directory user with a local user's name (in another case) is a conflict, never an overwrite.
        [create(directoryUser('ADMIN', { emailAddresses: [] }))],
      ];
      // A run takes one plan: each plan is tried by a run of its own, one after the other
      // (one sync at a time); a refused apply leaves its run running, as it was.
      const refusals: AppError[] = [];
      for (const lines of plans) {
        const run = await store.stagePlan(await store.leasedSyncRun(), lines);
        const before = await db.contents();
        refusals.push(await refusal(sut.apply(run)));
        expect(await db.contents()).toEqual(before);
        await store.ledger.finish({ ...run, outcome: 'failed' });
      }

      expect(refusals.map((error) => error.code)).toEqual(['conflict', 'conflict', 'conflict']);
      expect(refusals[2]?.message).toMatch(/user name is already taken/);
      const after = await db.contents();
      expect({ users: after.users, addresses: after.addresses, folders: after.folders }).toEqual({
        users,
        addresses,
        folders,
      });
      expect(await unpublished()).toEqual([]);
    });
  });

  it('writes no user for an empty plan, and ends its run', async () => {
    await seed(directoryUser('ann'));
    const run = await store.leasedSyncRun();
    const before = await db.contents();

    expect(await sut.apply(await store.stagePlan(run, []))).toEqual({
      created: 0,
      updated: 0,
      renamed: 0,
      deleted: 0,
    });
    const { runs: _runs, outbox: _outbox, ...users } = await db.contents();
    const { runs: _runsBefore, outbox: _outboxBefore, ...usersBefore } = before;
    expect(users).toEqual(usersBefore);
    expect(await unpublished()).toEqual([]);
    expect(await runEvents()).toEqual([
      {
        routing_key: 'sync.run.completed.v1',
        payload: expect.objectContaining({ runId: run.runId, mode: 'sync' }),
      },
    ]);
  });
});
