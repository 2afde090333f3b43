import {
  type CreateSyncRunCommand,
  type PlannedUserChange,
  planPageOf,
  Privilege,
  type SyncPlan,
} from '@dirsync/contracts';
import { AppError } from '@dirsync/service-kit';
import type { QueryRunner } from 'typeorm';
import { directoryUser, waitUntil, refusal } from '@dirsync/testing';
import {
  planSummary,
  TEST_LEDGER_OPTIONS,
  type UserStoreTestDatabase,
  useUserStoreTestDatabase,
} from '../../test/user-store-test-database';
import { OutboxRepository } from '../outbox/outbox.repository';
import type { RunLedgerOptions } from './run-ledger.options';
import { RunLedger } from './run-ledger.service';
import { SyncRunsRepository } from './sync-runs.repository';
import { PlanStagingRepository } from './plan-staging.repository';

const SYNC: CreateSyncRunCommand = {
  mode: 'sync',
  requestedBy: 'admin',
  settingsVersion: 1,
  allowMassDelete: false,
};
const TEST_SETTINGS: CreateSyncRunCommand = { ...SYNC, mode: 'test' };

const createLine = (userName: string): PlannedUserChange => ({
  action: 'create',
  userName,
  directoryUser: directoryUser(userName),
  privileges: [Privilege.LogOn],
});

const PLAN: SyncPlan = {
  fingerprint: 'fp-1',
  changes: [createLine('ann')],
  counts: { create: 1, update: 0, rename: 0, delete: 0, keep: 0, conflict: 0, unchanged: 3 },
  warnings: [],
};

const SUMMARY = { fingerprint: PLAN.fingerprint, counts: PLAN.counts, warnings: PLAN.warnings };

const ONE_CREATED = { created: 1, updated: 0, renamed: 0, deleted: 0 };

describe(RunLedger.name, () => {
  let db: UserStoreTestDatabase;
  let store: ReturnType<UserStoreTestDatabase['services']>;
  let sut: RunLedger;

  useUserStoreTestDatabase((fresh) => {
    ({ db, store } = fresh);
    sut = store.ledger;
  });

  /** Another ledger on the same database (another instance), with its own lease times. */
  function ledgerWith(options: Partial<RunLedgerOptions> = {}): RunLedger {
    return new RunLedger(
      db.dataSource,
      new SyncRunsRepository(db.dataSource),
      new PlanStagingRepository(db.dataSource),
      new OutboxRepository(db.dataSource),
      store.relay,
      { ...TEST_LEDGER_OPTIONS, ...options },
    );
  }

  async function claimed(command: CreateSyncRunCommand, ledger = sut) {
    const run = await ledger.create(command);
    const lease = await ledger.claim(run.id, 'worker-1');
    return { runId: run.id, leaseToken: lease.leaseToken };
  }

  /** Moves a run's lease (or its queued deadline) into the past, as if its time ran out. */
  async function expire(runId: string) {
    await db.query(
      `UPDATE sync_runs SET lease_expires_at = now() - interval '1 second' WHERE id = $1`,
      [runId],
    );
  }

  async function runRow(runId: string) {
    const [row] = await db.query<{
      state: string;
      lease_token: string | null;
      lease_expires_at: Date;
      progress: unknown;
      error: unknown;
      applied: boolean;
      apply_result: unknown;
      counts: unknown;
      plan: unknown;
    }>(
      `SELECT state, lease_token, lease_expires_at, progress, error, applied, apply_result, counts, plan
         FROM sync_runs WHERE id = $1`,
      [runId],
    );
    if (!row) throw new Error(`no run ${runId}`);
    return row;
  }

  const outbox = () =>
    db.query<{ routing_key: string; payload: Record<string, unknown> }>(
      'SELECT routing_key, payload FROM outbox_events ORDER BY sequence',
    );

  /** Waits until `count` sessions of this database wait for a lock. */
  async function waitForLockWaiters(count: number) {
    await waitUntil(async () => (await lockWaiters()) >= count, 10_000, 20).catch(() => {
      throw new Error(`${count} sessions never waited for a lock`);
    });
  }

  async function lockWaiters(): Promise<number> {
    const [row] = await db.query<{ waiting: number }>(
      `SELECT count(*)::int AS waiting FROM pg_stat_activity
        WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    );
    return row?.waiting ?? 0;
  }

  /** Ends a blocking transaction however the test went, so no lock outlives it. */
  async function releaseBlocker(blocker: QueryRunner) {
    if (blocker.isTransactionActive) await blocker.rollbackTransaction();
    await blocker.release();
  }

  describe('one sync at a time', () => {
    it('refuses a second sync while one is queued, naming the first run', async () => {
      const first = await sut.create(SYNC);

      const error = await refusal(sut.create({ ...SYNC, requestedBy: 'scheduler' }));

      expect(error).toMatchObject({
        code: 'sync-already-running',
        status: 409,
        details: { runId: first.id },
      });
      expect(await db.query('SELECT id, state FROM sync_runs')).toEqual([
        { id: first.id, state: 'queued' },
      ]);
    });

    it('refuses a second sync while one is running, naming the first run', async () => {
      const first = await claimed(SYNC);

      const error = await refusal(sut.create(SYNC));

      expect(error).toMatchObject({
        code: 'sync-already-running',
        details: { runId: first.runId },
      });
    });

    it('admits one of two syncs created at the same time', async () => {
      const outcomes = await Promise.allSettled([
        sut.create(SYNC),
        ledgerWith().create(SYNC),
        ledgerWith().create(SYNC),
      ]);

      const created = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
      expect(created).toHaveLength(1);
      expect(
        outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as AppError] : [])),
      ).toEqual([
        expect.objectContaining({ code: 'sync-already-running' }),
        expect.objectContaining({ code: 'sync-already-running' }),
      ]);
      expect(await db.query('SELECT count(*)::int AS runs FROM sync_runs')).toEqual([{ runs: 1 }]);
    });

    it('does not limit Test Settings runs, with or without a sync', async () => {
      await claimed(SYNC);

      const tests = [await sut.create(TEST_SETTINGS), await sut.create(TEST_SETTINGS)];
      await sut.claim(tests[0]!.id, 'worker-2');
      const third = await sut.create(TEST_SETTINGS);

      expect(tests.map((run) => run.state)).toEqual(['queued', 'queued']);
      expect(third).toMatchObject({ mode: 'test', state: 'queued' });
    });

    it('lets a new sync be created once the first one succeeded', async () => {
      const first = await claimed(SYNC);
      await store.applyPlan.apply(await store.stagePlan(first, []));

      const second = await sut.create(SYNC);

      expect(second).toMatchObject({ mode: 'sync', state: 'queued' });
      expect(second.id).not.toBe(first.runId);
    });

    it('frees the lock at once when a sync fails (by its worker or by the reaper)', async () => {
      const byWorker = await claimed(SYNC);
      await sut.finish({
        ...byWorker,
        outcome: 'failed',
        error: { code: 'ldap-unreachable', message: 'no directory' },
      });
      const abandoned = await claimed(SYNC);
      await expire(abandoned.runId);
      await sut.failAbandoned();

      const next = await sut.create(SYNC);

      expect(next.state).toBe('queued');
      expect((await runRow(byWorker.runId)).state).toBe('failed');
      expect((await runRow(abandoned.runId)).state).toBe('failed');
    });
  });

  describe('claim', () => {
    it('takes a queued run once: a second claim is refused and changes nothing', async () => {
      const run = await sut.create(SYNC);

      const lease = await sut.claim(run.id, 'worker-1');
      const before = await db.contents();
      const error = await refusal(ledgerWith().claim(run.id, 'worker-2'));

      expect(lease).toMatchObject({
        run: { id: run.id, state: 'running', startedAt: expect.any(String) },
        leaseMs: TEST_LEDGER_OPTIONS.leaseMs,
      });
      expect(error).toMatchObject({
        code: 'run-not-claimable',
        status: 409,
        details: { runId: run.id, state: 'running' },
      });
      expect(await db.contents()).toEqual(before);
    });

    it('lets one of two workers claiming at the same time take the run', async () => {
      const run = await sut.create(SYNC);

      const outcomes = await Promise.allSettled([
        sut.claim(run.id, 'worker-1'),
        ledgerWith().claim(run.id, 'worker-2'),
      ]);

      expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
      const won = outcomes.find((o) => o.status === 'fulfilled');
      expect(Number((await runRow(run.id)).lease_token)).toBe(won?.value.leaseToken);
    });

    it('gives every claim a greater token than any claim before it', async () => {
      const tokens: number[] = [];
      for (let i = 0; i < 4; i += 1) {
        tokens.push((await claimed(TEST_SETTINGS)).leaseToken);
      }

      expect([...tokens].sort((a, b) => a - b)).toEqual(tokens);
      expect(new Set(tokens).size).toBe(4);
    });

    it('refuses a queued run that waited too long for a worker', async () => {
      const run = await sut.create(SYNC);
      await expire(run.id);

      const error = await refusal(sut.claim(run.id, 'worker-1'));

      expect(error).toMatchObject({ code: 'run-not-claimable', details: { state: 'queued' } });
      expect((await runRow(run.id)).lease_token).toBeNull();
    });

    it('says not-found for an unknown run', async () => {
      const error = await refusal(sut.claim('00000000-0000-4000-8000-000000000000', 'worker-1'));

      expect(error).toMatchObject({ code: 'not-found', status: 404 });
    });
  });

  describe('heartbeat', () => {
    it('keeps a run alive past its first lease while heartbeats come, and stores the progress', async () => {
      const short = ledgerWith({ leaseMs: 2_000 });
      const run = await claimed(SYNC, short);
      const firstExpiry = (await runRow(run.runId)).lease_expires_at;

      // Heartbeat until the database's clock is past the lease the claim gave.
      let usersRead = 0;
      await waitUntil(
        async () => {
          usersRead += 1;
          await short.heartbeat({ ...run, progress: { phase: 'reading', usersRead } });
          const [row] = await db.query<{ past: boolean }>('SELECT now() > $1 AS past', [
            firstExpiry,
          ]);
          return row?.past === true;
        },
        15_000,
        100,
      );
      const reaped = await short.failAbandoned();

      expect(reaped).toBe(0);
      expect(await runRow(run.runId)).toMatchObject({
        state: 'running',
        progress: { phase: 'reading', usersRead },
      });
    });

    it('keeps the progress it had when a heartbeat carries none', async () => {
      const run = await claimed(SYNC);
      await sut.heartbeat({ ...run, progress: { phase: 'planning', usersRead: 40 } });

      await sut.heartbeat(run);

      expect((await runRow(run.runId)).progress).toEqual({ phase: 'planning', usersRead: 40 });
    });

    it('refuses a heartbeat with an older token and changes nothing', async () => {
      const older = await claimed(TEST_SETTINGS);
      const run = await claimed(SYNC);
      const before = await db.contents();

      const error = await refusal(
        sut.heartbeat({
          runId: run.runId,
          leaseToken: older.leaseToken,
          progress: { phase: 'applying', usersRead: 1 },
        }),
      );

      expect(error).toMatchObject({
        code: 'run-lease-lost',
        status: 409,
        details: { runId: run.runId, state: 'running' },
      });
      expect(await db.contents()).toEqual(before);
    });

    it('refuses a heartbeat after the lease expired and changes nothing', async () => {
      const run = await claimed(SYNC);
      await expire(run.runId);
      const before = await db.contents();

      const error = await refusal(
        sut.heartbeat({ ...run, progress: { phase: 'applying', usersRead: 1 } }),
      );

      expect(error).toMatchObject({ code: 'run-lease-lost', details: { state: 'running' } });
      expect(await db.contents()).toEqual(before);
    });

    describe('while the run is locked (its apply under way)', () => {
      /** Runs `work` while another transaction holds the run's row as an apply does. */
      async function whileLocked<T>(runId: string, work: () => Promise<T>): Promise<T> {
        const blocker = db.dataSource.createQueryRunner();
        await blocker.connect();
        try {
          await blocker.startTransaction();
          await blocker.query('SELECT 1 FROM sync_runs WHERE id = $1 FOR UPDATE', [runId]);
          return await work();
        } finally {
          await releaseBlocker(blocker);
        }
      }

      it('accepts a heartbeat with the current token at once, without waiting for the apply', async () => {
        const run = await claimed(SYNC);

        await whileLocked(run.runId, () => sut.heartbeat(run));

        expect((await runRow(run.runId)).state).toBe('running');
      });

      it.each<[string, (run: { runId: string; leaseToken: number }) => Promise<number>]>([
        ['an older token', (run) => Promise.resolve(run.leaseToken - 1)],
        [
          'an expired lease',
          async (run) => {
            await expire(run.runId);
            return run.leaseToken;
          },
        ],
        [
          'a run that ended',
          async (run) => {
            await sut.finish({ ...run, outcome: 'failed' });
            return run.leaseToken;
          },
        ],
      ])('refuses a heartbeat with %s', async (_, prepare) => {
        const run = await claimed(SYNC);
        const leaseToken = await prepare(run);
        const before = await db.contents();

        const error = await whileLocked(run.runId, () =>
          refusal(sut.heartbeat({ runId: run.runId, leaseToken })),
        );

        expect(error).toMatchObject({ code: 'run-lease-lost', details: { runId: run.runId } });
        expect(await db.contents()).toEqual(before);
      });
    });

    it('refuses a heartbeat of a run that ended', async () => {
      const run = await claimed(SYNC);
      await sut.finish({ ...run, outcome: 'failed' });

      const error = await refusal(sut.heartbeat(run));

      expect(error).toMatchObject({ code: 'run-lease-lost', details: { state: 'failed' } });
    });
  });

  describe('the plan, staged in pages', () => {
    it('renews the lease with every page and with the completion (the holder is alive)', async () => {
      const run = await claimed(SYNC);
      // The lease is about to run out, as if heartbeats were stuck behind the pages.
      await db.query(
        "UPDATE sync_runs SET lease_expires_at = clock_timestamp() + interval '2 seconds' WHERE id = $1",
        [run.runId],
      );
      const before = (await runRow(run.runId)).lease_expires_at;

      await sut.stagePlanPage({ ...run, first: 0, ...planPageOf(PLAN.changes) });
      const afterPage = (await runRow(run.runId)).lease_expires_at;
      await sut.completePlan({ ...run, lines: 1, summary: SUMMARY, withdrawn: [] });
      const afterCompletion = (await runRow(run.runId)).lease_expires_at;

      // TEST_LEDGER_OPTIONS' lease is minutes long: each step moved the expiry far past the 2 s.
      expect(afterPage.getTime()).toBeGreaterThan(before.getTime() + 60_000);
      expect(afterCompletion.getTime()).toBeGreaterThanOrEqual(afterPage.getTime());
    });

    it('stages the changes and records the summary for the lease holder', async () => {
      const run = await claimed(TEST_SETTINGS);

      await store.stagePlan(run, PLAN.changes, SUMMARY);

      expect(await sut.get(run.runId, true)).toMatchObject({
        plan: SUMMARY,
        counts: PLAN.counts,
      });
      expect(await sut.changes({ runId: run.runId, offset: 0, limit: 10 })).toEqual({
        changes: PLAN.changes,
        total: 1,
      });
    });

    it('stages create lines with quotes, backslashes, braces, commas, NULL-like text, control characters and no full name as they were', async () => {
      const run = await claimed(TEST_SETTINGS);
      const awkward = (userName: string, fullName: string | null, addresses: string[]) => ({
        action: 'create' as const,
        userName,
        directoryUser: { ...directoryUser(userName), fullName, emailAddresses: addresses },
        privileges: [Privilege.LogOn],
      });
      const changes = [
        awkward('a"b', 'Q "quoted" \\ back', ['a"b@example.com', 'x\\y@example.com']),
        awkward('c{d}', null, ['{c},d@example.com']),
        awkward('NULL', 'NULL', []),
        awkward('zoë', 'Zoë 山田\ttab', ['ü@ß.de']),
        awkward('e\\Nf', 'line\nbreak\r\\N', ['t\tab@example.com', '\\N']),
      ];
      const counts = { ...PLAN.counts, create: changes.length };

      // As the planner sends them: as columns.
      await sut.stagePlanPage({ ...run, first: 0, ...planPageOf(changes) });
      await sut.completePlan({
        ...run,
        lines: changes.length,
        summary: { ...SUMMARY, counts },
        withdrawn: [],
      });

      const staged = await sut.changes({ runId: run.runId, offset: 0, limit: 10 });
      const byName = (a: { userName: string }, b: { userName: string }) =>
        a.userName < b.userName ? -1 : 1;
      expect([...staged.changes].sort(byName)).toEqual([...changes].sort(byName));
    });

    it('stages create lines sent as columns at the places they name, the other lines at the places left', async () => {
      const run = await claimed(TEST_SETTINGS);
      const keep = (userName: string): PlannedUserChange => ({
        action: 'keep',
        userName,
        userId: `id-${userName}`,
        reason: 'out-of-scope',
      });
      const lines = [keep('k0'), createLine('c1'), createLine('c2'), keep('k3'), createLine('c4')];
      const page = planPageOf(lines);
      expect(page.creates?.at).toEqual([1, 2, 4]);

      await sut.stagePlanPage({ ...run, first: 1_000, ...page });
      await sut.stagePlanPage({ ...run, first: 1_000, ...page });

      expect(
        await sut.stagedLines({ ...run, positions: [1_000, 1_001, 1_002, 1_003, 1_004] }),
      ).toEqual({ lines });
      expect(
        await db.query<{ count: number }>(
          'SELECT count(*)::int AS count FROM sync_plan_changes WHERE run_id = $1',
          [run.runId],
        ),
      ).toEqual([{ count: 5 }]);
    });

    it('gives staged lines back by position, in the order asked, to the lease holder only', async () => {
      const run = await claimed(TEST_SETTINGS);
      const changes = Array.from({ length: 1_002 }, (_, i) => createLine(`u${i}`));
      await sut.stagePlanPage({ ...run, first: 0, ...planPageOf(changes.slice(0, 1_000)) });
      await sut.stagePlanPage({ ...run, first: 1_000, ...planPageOf(changes.slice(1_000)) });

      expect(await sut.stagedLines({ ...run, positions: [1_001, 3, 0] })).toEqual({
        lines: [changes[1_001], changes[3], changes[0]],
      });
      expect(await refusal(sut.stagedLines({ ...run, positions: [2, 1_002] }))).toMatchObject({
        code: 'plan-incomplete',
        message: expect.stringContaining('position 1002'),
      });
      const otherLease = { ...run, leaseToken: run.leaseToken + 1, positions: [0] };
      expect(await refusal(sut.stagedLines(otherLease))).toMatchObject({ code: 'run-lease-lost' });
    });

    it.each<[string, number[]]>([
      ['the first', [1, 2]],
      ['a middle', [0, 2]],
      ['the last', [0, 1]],
    ])('refuses to complete a plan missing %s page, and applies nothing', async (_, sent) => {
      const run = await claimed(SYNC);
      const changes = Array.from({ length: 2_001 }, (_, i) => createLine(`u${i}`));
      for (const sequence of sent) {
        await sut.stagePlanPage({
          ...run,
          first: sequence * 1_000,
          ...planPageOf(changes.slice(sequence * 1_000, (sequence + 1) * 1_000)),
        });
      }
      const summary = { ...SUMMARY, counts: { ...SUMMARY.counts, create: 2_001 } };

      const error = await refusal(
        sut.completePlan({ ...run, lines: 2_001, summary, withdrawn: [] }),
      );

      expect(error).toMatchObject({ code: 'plan-incomplete' });
      expect(await runRow(run.runId)).toMatchObject({ state: 'running', plan: null, counts: null });
      const before = await db.contents();
      const applying = await refusal(store.applyPlan.apply(run));
      expect(applying).toMatchObject({ code: 'plan-incomplete' });
      expect(await db.contents()).toEqual(before);
      expect(await db.query('SELECT count(*)::int AS users FROM users')).toEqual([{ users: 0 }]);
    });

    it('refuses to complete a plan whose lines took fewer positions than were staged', async () => {
      const run = await claimed(SYNC);
      const changes = Array.from({ length: 1_001 }, (_, i) => createLine(`u${i}`));
      await sut.stagePlanPage({ ...run, first: 0, ...planPageOf(changes.slice(0, 1_000)) });
      await sut.stagePlanPage({ ...run, first: 1_000, ...planPageOf(changes.slice(1_000)) });
      const summary = { ...SUMMARY, counts: { ...SUMMARY.counts, create: 1_001 } };

      const error = await refusal(
        sut.completePlan({ ...run, lines: 1_000, summary, withdrawn: [] }),
      );

      expect(error).toMatchObject({ code: 'plan-incomplete' });
      expect((await runRow(run.runId)).plan).toBeNull();
    });

    it('completes a plan whose pages arrived out of order, lists it by action and user name, and applies it in staged order', async () => {
      const run = await claimed(SYNC);
      // Staged as the directory was read; user names not in their order.
      const changes = Array.from({ length: 2_500 }, (_, i) =>
        createLine(`u${String((i * 7_919) % 2_500).padStart(4, '0')}`),
      );
      for (const sequence of [2, 0, 1]) {
        await sut.stagePlanPage({
          ...run,
          first: sequence * 1_000,
          ...planPageOf(changes.slice(sequence * 1_000, (sequence + 1) * 1_000)),
        });
      }
      const summary = { ...SUMMARY, counts: { ...SUMMARY.counts, create: 2_500 } };

      await sut.completePlan({ ...run, lines: 2_500, summary, withdrawn: [] });

      expect((await runRow(run.runId)).plan).toEqual(summary);
      const byName = [...changes].sort((a, b) => (a.userName < b.userName ? -1 : 1));
      const page = await sut.changes({ runId: run.runId, offset: 990, limit: 20 });
      expect(page).toEqual({ changes: byName.slice(990, 1_010), total: 2_500 });
      expect(await store.applyPlan.apply(run)).toEqual({
        created: 2_500,
        updated: 0,
        renamed: 0,
        deleted: 0,
      });
      // Created in the order staged: the user.created.v1 events follow the positions.
      const created = await db.query<{ name: string }>(
        `SELECT published_payload(e)->'user'->>'userName' AS name FROM outbox_events AS e
          WHERE routing_key = 'user.created.v1' ORDER BY sequence`,
      );
      expect(created.map((row) => row.name)).toEqual(changes.map((line) => line.userName));
    });

    it('withdraws the staged lines the finished plan dropped, then counts what is left', async () => {
      const run = await claimed(SYNC);
      const lines = Array.from({ length: 1_500 }, (_, i) => createLine(`u${i}`));
      await sut.stagePlanPage({ ...run, first: 0, ...planPageOf(lines.slice(0, 1_000)) });
      await sut.stagePlanPage({ ...run, first: 1_000, ...planPageOf(lines.slice(1_000)) });
      const summary = { ...SUMMARY, counts: { ...SUMMARY.counts, create: 1_497 } };

      const short = await refusal(
        sut.completePlan({ ...run, lines: 1_500, summary, withdrawn: [7] }),
      );
      await sut.completePlan({ ...run, lines: 1_500, summary, withdrawn: [7, 999, 1_400] });

      expect(short).toMatchObject({ code: 'plan-incomplete' });
      expect((await runRow(run.runId)).plan).toEqual(summary);
      expect((await store.applyPlan.apply(run)).created).toBe(1_497);
      expect(await store.queries.findByUserName('u999')).toBeNull();
      expect(await store.queries.findByUserName('u1400')).toBeNull();
      expect(await store.queries.findByUserName('u1499')).not.toBeNull();
    });

    it('refuses a page once the plan is complete, even a page sent again, and keeps the plan as it was', async () => {
      const run = await claimed(SYNC);
      await store.stagePlan(run, PLAN.changes, SUMMARY);
      const staged = await sut.changes({ runId: run.runId, offset: 0, limit: 10 });

      const late = await refusal(
        sut.stagePlanPage({ ...run, first: 1_000, ...planPageOf([createLine('mallory')]) }),
      );
      const again = await refusal(
        sut.stagePlanPage({ ...run, first: 0, ...planPageOf([createLine('mallory')]) }),
      );

      expect(late).toMatchObject({ code: 'plan-incomplete' });
      expect(again).toMatchObject({ code: 'plan-incomplete' });
      expect(await sut.changes({ runId: run.runId, offset: 0, limit: 10 })).toEqual(staged);
      expect(await store.applyPlan.apply(run)).toEqual(ONE_CREATED);
      expect(await store.queries.findByUserName('mallory')).toBeNull();
    });

    it.each<[string, (run: { runId: string; leaseToken: number }) => Promise<number>]>([
      ['an older token', (run) => Promise.resolve(run.leaseToken - 1)],
      [
        'an expired lease',
        async (run) => {
          await expire(run.runId);
          return run.leaseToken;
        },
      ],
      [
        'a failed run',
        async (run) => {
          await sut.finish({ ...run, outcome: 'failed' });
          return run.leaseToken;
        },
      ],
    ])('refuses to stage or complete a plan with %s', async (_, prepare) => {
      const run = await claimed(SYNC);
      const leaseToken = await prepare(run);
      const before = await db.contents();

      const staging = await refusal(
        sut.stagePlanPage({
          runId: run.runId,
          leaseToken,
          first: 0,
          ...planPageOf(PLAN.changes),
        }),
      );
      const completing = await refusal(
        sut.completePlan({
          runId: run.runId,
          leaseToken,
          lines: 0,
          summary: SUMMARY,
          withdrawn: [],
        }),
      );

      expect(staging).toMatchObject({ code: 'run-lease-lost', details: { runId: run.runId } });
      expect(completing).toMatchObject({ code: 'run-lease-lost', details: { runId: run.runId } });
      expect(await db.contents()).toEqual(before);
      expect(await db.query('SELECT * FROM sync_plan_changes')).toEqual([]);
    });

    describe('read in pages', () => {
      const keep = (userName: string): PlannedUserChange => ({
        action: 'keep',
        userName,
        userId: `id-${userName}`,
        reason: 'no-longer-in-directory',
      });
      const LINES: PlannedUserChange[] = [
        createLine('ann'),
        keep('Anna_B'),
        createLine('annXb'),
        keep('aXb-user'),
        createLine('bob%1'),
        createLine('bobby1'),
        keep('carl\\x'),
        createLine('carlyx'),
      ];
      /** LINES as the ledger lists them: by action (creates before keeps), then by name. */
      const LISTED = [0, 2, 4, 5, 7, 1, 3, 6].map((index) => LINES[index]!);
      let runId: string;

      beforeEach(async () => {
        const run = await claimed(TEST_SETTINGS);
        await store.stagePlan(run, LINES);
        runId = run.runId;
      });

      it('pages the changes by action and user name with offset and limit, and counts them all', async () => {
        expect(await sut.changes({ runId, offset: 0, limit: 3 })).toEqual({
          changes: LISTED.slice(0, 3),
          total: 8,
        });
        expect(await sut.changes({ runId, offset: 3, limit: 3 })).toEqual({
          changes: LISTED.slice(3, 6),
          total: 8,
        });
        expect(await sut.changes({ runId, offset: 6, limit: 3 })).toEqual({
          changes: LISTED.slice(6),
          total: 8,
        });
        expect(await sut.changes({ runId, offset: 8, limit: 3 })).toEqual({
          changes: [],
          total: 8,
        });
      });

      it('filters by action, counting only the matches', async () => {
        expect(await sut.changes({ runId, offset: 1, limit: 1, action: 'keep' })).toEqual({
          changes: [keep('aXb-user')],
          total: 3,
        });
        expect(await sut.changes({ runId, offset: 0, limit: 10, action: 'delete' })).toEqual({
          changes: [],
          total: 0,
        });
      });

      it.each<[string, string[]]>([
        ['ANN', ['ann', 'annXb', 'Anna_B']],
        ['a_b', ['Anna_B']],
        ['b%1', ['bob%1']],
        ['l\\x', ['carl\\x']],
      ])(
        'filters by a user name containing %p, in any case, with %% _ and \\ taken literally',
        async (userName, names) => {
          const page = await sut.changes({ runId, offset: 0, limit: 10, userName });

          expect(page.changes.map((line) => line.userName)).toEqual(names);
          expect(page.total).toBe(names.length);
        },
      );

      it('filters by action and user name together', async () => {
        expect(
          await sut.changes({ runId, offset: 0, limit: 10, action: 'create', userName: 'AN' }),
        ).toEqual({ changes: [createLine('ann'), createLine('annXb')], total: 2 });
      });
    });

    it('a page sent twice is staged once', async () => {
      const run = await claimed(TEST_SETTINGS);
      await sut.stagePlanPage({ ...run, first: 0, ...planPageOf(PLAN.changes) });
      await sut.stagePlanPage({ ...run, first: 0, ...planPageOf(PLAN.changes) });

      await sut.completePlan({ ...run, lines: 1, summary: SUMMARY, withdrawn: [] });

      expect((await sut.changes({ runId: run.runId, offset: 0, limit: 10 })).total).toBe(1);
    });

    it('refuses a plan whose lease ran out while it waited for the run', async () => {
      const run = await claimed(SYNC);
      const blocker = db.dataSource.createQueryRunner();
      await blocker.connect();
      let error: AppError;
      try {
        await blocker.startTransaction();
        await blocker.query('SELECT 1 FROM sync_runs WHERE id = $1 FOR UPDATE', [run.runId]);
        const recording = refusal(
          sut.stagePlanPage({ ...run, first: 0, ...planPageOf(PLAN.changes) }),
        );
        await waitForLockWaiters(1);
        await blocker.query(
          'UPDATE sync_runs SET lease_expires_at = clock_timestamp() WHERE id = $1',
          [run.runId],
        );
        await blocker.commitTransaction();
        error = await recording;
      } finally {
        await releaseBlocker(blocker);
      }

      expect(error).toMatchObject({ code: 'run-lease-lost' });
      expect((await sut.changes({ runId: run.runId, offset: 0, limit: 10 })).total).toBe(0);
    });

    it('writes the pages in flight side by side: they queue for the run only once their lines are written', async () => {
      const run = await claimed(TEST_SETTINGS);
      const blocker = db.dataSource.createQueryRunner();
      await blocker.connect();
      try {
        await blocker.startTransaction();
        await blocker.query('SELECT 1 FROM sync_runs WHERE id = $1 FOR UPDATE', [run.runId]);
        const pages = [0, 1].map((sequence) =>
          sut.stagePlanPage({
            ...run,
            first: sequence * 1_000,
            ...planPageOf([createLine(`user-${sequence}`)]),
          }),
        );
        await waitForLockWaiters(2);
        // Both wait at the run's lock, each with its insert behind it (the
        // insert's lock on the staged lines is held by both waiting sessions).
        const [writers] = await db.query<{ count: number }>(
          `SELECT count(DISTINCT l.pid)::int AS count
             FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE a.datname = current_database() AND a.wait_event_type = 'Lock'
              AND l.granted AND l.mode = 'RowExclusiveLock'
              AND l.relation = 'sync_plan_changes'::regclass`,
        );
        expect(writers?.count).toBe(2);
        await blocker.commitTransaction();
        await Promise.all(pages);
      } finally {
        await releaseBlocker(blocker);
      }

      await sut.completePlan({
        ...run,
        lines: 1_001,
        summary: { ...SUMMARY, counts: { ...SUMMARY.counts, create: 2 } },
        withdrawn: [],
      });
      expect((await sut.changes({ runId: run.runId, offset: 0, limit: 10 })).total).toBe(2);
    });
  });

  describe('a failed run', () => {
    it('is never applied once its worker failed it: the users and the outbox stay as they were', async () => {
      const run = await store.stagePlan(await claimed(SYNC), [createLine('ann')]);
      await sut.finish({
        ...run,
        outcome: 'failed',
        error: { code: 'ldap-unreachable', message: 'no directory' },
      });
      const before = await db.contents();

      const error = await refusal(store.applyPlan.apply(run));

      expect(error).toMatchObject({ code: 'run-lease-lost', details: { state: 'failed' } });
      expect(await db.contents()).toEqual(before);
      expect(await store.queries.findByUserName('ann')).toBeNull();
      expect(await outbox()).toEqual([
        {
          routing_key: 'sync.run.failed.v1',
          payload: {
            runId: run.runId,
            mode: 'sync',
            requestedBy: 'admin',
            error: { code: 'ldap-unreachable', message: 'no directory' },
          },
        },
      ]);
    });

    it('is never applied once the reaper failed it', async () => {
      const run = await store.stagePlan(await claimed(SYNC), [createLine('ann')]);
      await expire(run.runId);
      expect(await sut.failAbandoned()).toBe(1);
      const before = await db.contents();

      const error = await refusal(store.applyPlan.apply(run));

      expect(error).toMatchObject({ code: 'run-lease-lost', details: { state: 'failed' } });
      expect(await db.contents()).toEqual(before);
      expect(await store.queries.findByUserName('ann')).toBeNull();
    });

    it('cannot be applied once its lease expired, even before the reaper came', async () => {
      const run = await store.stagePlan(await claimed(SYNC), [createLine('ann')]);
      await expire(run.runId);
      const before = await db.contents();

      const error = await refusal(store.applyPlan.apply(run));

      expect(error).toMatchObject({ code: 'run-lease-lost', details: { state: 'running' } });
      expect(await db.contents()).toEqual(before);
      expect(await store.queries.findByUserName('ann')).toBeNull();
    });

    it('ends once: a second finish is refused and writes no second event', async () => {
      const run = await claimed(SYNC);
      await sut.finish({ ...run, outcome: 'failed' });
      const before = await db.contents();

      const error = await refusal(sut.finish({ ...run, outcome: 'failed' }));

      expect(error).toMatchObject({ code: 'run-lease-lost', details: { state: 'failed' } });
      expect(await db.contents()).toEqual(before);
    });
  });

  describe('apply', () => {
    it('commits the users, the run succeeded and its completed event together', async () => {
      const run = await claimed(SYNC);
      await store.stagePlan(run, PLAN.changes, SUMMARY);

      const result = await store.applyPlan.apply(run);

      expect(result).toEqual(ONE_CREATED);
      expect(await store.queries.findByUserName('ann')).toMatchObject({ userName: 'ann' });
      expect(await runRow(run.runId)).toMatchObject({
        state: 'succeeded',
        applied: true,
        apply_result: ONE_CREATED,
        counts: PLAN.counts,
      });
      expect((await outbox()).map((event) => [event.routing_key, event.payload])).toEqual([
        ['user.created.v1', expect.objectContaining({ runId: run.runId })],
        ['sync.run.completed.v1', { runId: run.runId, mode: 'sync', counts: PLAN.counts }],
      ]);
      expect(await sut.get(run.runId, false)).toMatchObject({
        state: 'succeeded',
        applied: true,
        finishedAt: expect.any(String),
      });
    });

    it('commits nothing, and leaves the run running, when the apply fails', async () => {
      const run = await store.stagePlan(await claimed(SYNC), PLAN.changes, SUMMARY);
      const before = await db.contents();

      const error = await sut
        .applyWithin(run.runId, run.leaseToken, async (tx) => {
          await tx.query(
            `INSERT INTO archive_folders (id, name, owner_user_name) VALUES (gen_random_uuid(), 'x', 'x')`,
          );
          throw new Error('the database went away');
        })
        .catch((reason: unknown) => reason);

      expect(error).toEqual(new Error('the database went away'));
      expect(await db.contents()).toEqual(before);
      expect(await runRow(run.runId)).toMatchObject({ state: 'running', applied: false });
      // The plan stays staged: the run's worker may apply it again.
      expect(await store.applyPlan.apply(run)).toEqual(ONE_CREATED);
    });

    it('answers a redelivered apply with its first result and writes nothing', async () => {
      const run = await store.stagePlan(await claimed(SYNC), [createLine('ann')]);
      const first = await store.applyPlan.apply(run);
      const before = await db.contents();
      const staged = await db.query('SELECT * FROM sync_plan_changes ORDER BY position');

      const again = await store.applyPlan.apply(run);

      expect(first).toEqual(ONE_CREATED);
      expect(again).toEqual(first);
      expect(await db.contents()).toEqual(before);
      expect(await db.query('SELECT * FROM sync_plan_changes ORDER BY position')).toEqual(staged);
    });

    it('checks the lease once it holds the run, not when its transaction began', async () => {
      const run = await store.stagePlan(await claimed(SYNC), [createLine('ann')]);
      const blocker = db.dataSource.createQueryRunner();
      await blocker.connect();
      let error: AppError;
      try {
        await blocker.startTransaction();
        await blocker.query('SELECT 1 FROM sync_runs WHERE id = $1 FOR UPDATE', [run.runId]);
        const applying = refusal(store.applyPlan.apply(run));
        await waitForLockWaiters(1);
        // The lease runs out while the apply waits for the run.
        await blocker.query(
          'UPDATE sync_runs SET lease_expires_at = clock_timestamp() WHERE id = $1',
          [run.runId],
        );
        await blocker.commitTransaction();
        error = await applying;
      } finally {
        await releaseBlocker(blocker);
      }

      expect(error).toMatchObject({ code: 'run-lease-lost', details: { state: 'running' } });
      expect(await store.queries.findByUserName('ann')).toBeNull();
      expect(await outbox()).toEqual([]);
    });

    it('refuses an apply with another token, before and after the run was applied', async () => {
      const older = await claimed(TEST_SETTINGS);
      const run = await store.stagePlan(await claimed(SYNC), [createLine('ann')]);
      const beforeApply = await db.contents();

      const early = await refusal(
        store.applyPlan.apply({ runId: run.runId, leaseToken: older.leaseToken }),
      );
      expect(early).toMatchObject({ code: 'run-lease-lost', details: { state: 'running' } });
      expect(await db.contents()).toEqual(beforeApply);

      expect(await store.applyPlan.apply(run)).toEqual(ONE_CREATED);
      const afterApply = await db.contents();
      const late = await refusal(
        store.applyPlan.apply({ runId: run.runId, leaseToken: older.leaseToken }),
      );
      expect(late).toMatchObject({ code: 'run-lease-lost', details: { state: 'succeeded' } });
      expect(await db.contents()).toEqual(afterApply);
    });

    it('refuses the apply of a Test Settings run, even with its plan complete', async () => {
      const run = await store.stagePlan(await claimed(TEST_SETTINGS), [createLine('ann')]);
      const before = await db.contents();

      const error = await refusal(store.applyPlan.apply(run));

      expect(error).toMatchObject({ code: 'invalid-message', status: 400 });
      expect(await db.contents()).toEqual(before);
      expect(await store.queries.findByUserName('ann')).toBeNull();
    });
  });

  describe('finish', () => {
    it('refuses to end a sync as succeeded: a sync succeeds by its apply', async () => {
      const run = await claimed(SYNC);
      const before = await db.contents();

      const error = await refusal(sut.finish({ ...run, outcome: 'succeeded' }));

      expect(error).toMatchObject({ code: 'invalid-message', status: 400 });
      expect(await db.contents()).toEqual(before);
    });

    it('ends a Test Settings run as succeeded with its completed event, applying nothing', async () => {
      const run = await claimed(TEST_SETTINGS);
      await store.stagePlan(run, PLAN.changes, SUMMARY);

      const ended = await sut.finish({ ...run, outcome: 'succeeded' });

      expect(ended).toMatchObject({ id: run.runId, state: 'succeeded', applied: false });
      expect(await outbox()).toEqual([
        {
          routing_key: 'sync.run.completed.v1',
          payload: { runId: run.runId, mode: 'test', counts: PLAN.counts },
        },
      ]);
      expect(await store.queries.findByUserName('ann')).toBeNull();
    });

    it('refuses a finish with an older token and changes nothing', async () => {
      const older = await claimed(TEST_SETTINGS);
      const run = await claimed(SYNC);
      const before = await db.contents();

      const error = await refusal(
        sut.finish({ runId: run.runId, leaseToken: older.leaseToken, outcome: 'failed' }),
      );

      expect(error).toMatchObject({ code: 'run-lease-lost', details: { state: 'running' } });
      expect(await db.contents()).toEqual(before);
    });
  });

  describe('reaper', () => {
    it('fails expired queued runs (run-not-started) and running runs (run-abandoned), one event each', async () => {
      const neverTaken = await sut.create(TEST_SETTINGS);
      const abandoned = await claimed(SYNC);
      const waiting = await sut.create(TEST_SETTINGS);
      const alive = await claimed(TEST_SETTINGS);
      await expire(neverTaken.id);
      await expire(abandoned.runId);

      const reaped = await sut.failAbandoned();

      expect(reaped).toBe(2);
      expect(await runRow(neverTaken.id)).toMatchObject({
        state: 'failed',
        error: { code: 'run-not-started' },
      });
      expect(await runRow(abandoned.runId)).toMatchObject({
        state: 'failed',
        error: { code: 'run-abandoned' },
      });
      expect((await runRow(waiting.id)).state).toBe('queued');
      expect((await runRow(alive.runId)).state).toBe('running');
      const events = await outbox();
      expect(events).toHaveLength(2);
      expect(events).toEqual(
        expect.arrayContaining([
          {
            routing_key: 'sync.run.failed.v1',
            payload: {
              runId: neverTaken.id,
              mode: 'test',
              requestedBy: 'admin',
              error: expect.objectContaining({ code: 'run-not-started' }),
            },
          },
          {
            routing_key: 'sync.run.failed.v1',
            payload: {
              runId: abandoned.runId,
              mode: 'sync',
              requestedBy: 'admin',
              error: expect.objectContaining({ code: 'run-abandoned' }),
            },
          },
        ]),
      );
      expect(await sut.failAbandoned()).toBe(0);
      expect(await outbox()).toHaveLength(2);
    });

    it('fails each run once when two reapers run at the same time', async () => {
      const runs = [await sut.create(TEST_SETTINGS), await claimed(SYNC)];
      for (let i = 0; i < 8; i += 1) runs.push(await claimed(TEST_SETTINGS));
      const ids = runs.map((run) => ('id' in run ? run.id : run.runId));
      await db.query(
        `UPDATE sync_runs SET lease_expires_at = now() - interval '1 second' WHERE id = ANY($1)`,
        [ids],
      );
      // Hold the outbox so that the first reaper stops, its runs locked and
      // failed but not committed, while the second one looks for runs.
      const blocker = db.dataSource.createQueryRunner();
      await blocker.connect();
      let counts: number[];
      try {
        await blocker.startTransaction();
        await blocker.query('LOCK TABLE outbox_events IN EXCLUSIVE MODE');
        const first = sut.failAbandoned();
        await waitForLockWaiters(1);
        let secondSettled = false;
        const second = ledgerWith()
          .failAbandoned()
          .finally(() => {
            secondSettled = true;
          });
        // The second reaper either passes the locked runs by, or waits for them.
        await waitUntil(async () => secondSettled || (await lockWaiters()) >= 2);
        await blocker.commitTransaction();
        counts = await Promise.all([first, second]);
      } finally {
        await releaseBlocker(blocker);
      }

      expect(counts).toEqual([10, 0]);
      expect(await db.query(`SELECT DISTINCT state FROM sync_runs`)).toEqual([{ state: 'failed' }]);
      const events = await outbox();
      expect(events.map((event) => event.routing_key)).toEqual(ids.map(() => 'sync.run.failed.v1'));
      expect(events.map((event) => event.payload['runId']).sort()).toEqual([...ids].sort());
    });

    it('leaves a run whose apply is in progress to that apply, even past its lease', async () => {
      await store.applyPlan.apply(await store.stagePlan(await claimed(SYNC), [createLine('ann')]));
      const ann = await store.queries.findByUserName('ann');
      await db.query('UPDATE outbox_events SET published_at = now()');
      const short = ledgerWith({ leaseMs: 2_000 });
      const run = await claimed(SYNC, short);
      const changes: PlannedUserChange[] = [
        {
          action: 'update',
          userName: 'ann',
          userId: ann!.id,
          directoryUser: directoryUser('ann', { fullName: 'Ann Applied' }),
          fieldChanges: [{ field: 'fullName', old: 'ann Example', new: 'Ann Applied' }],
        },
      ];
      // Staged through the short ledger: every staged page renews the lease by its own length.
      await short.stagePlanPage({ ...run, first: 0, ...planPageOf(changes) });
      await short.completePlan({ ...run, lines: 1, summary: planSummary(changes), withdrawn: [] });
      // Hold ann's row: the apply locks its run, then waits for ann.
      const blocker = db.dataSource.createQueryRunner();
      await blocker.connect();
      let reaped: number | undefined;
      let applying: Promise<unknown> | undefined;
      try {
        await blocker.startTransaction();
        await blocker.query('SELECT 1 FROM users WHERE id = $1 FOR UPDATE', [ann?.id]);
        applying = store.applyPlan.apply(run);
        await waitForLockWaiters(1);
        await waitUntil(async () => {
          const [row] = await db.query<{ expired: boolean }>(
            'SELECT lease_expires_at <= now() AS expired FROM sync_runs WHERE id = $1',
            [run.runId],
          );
          return row?.expired === true;
        });

        // Reap while the apply holds its run: the reaper must pass it by, not wait for it.
        const reaping = short.failAbandoned().then((count) => {
          reaped = count;
        });
        await waitUntil(async () => reaped !== undefined || (await lockWaiters()) >= 2);
        expect(reaped).toBe(0);
        await blocker.commitTransaction();
        await reaping;
      } finally {
        await releaseBlocker(blocker);
        await applying?.catch(() => undefined);
      }

      expect(await applying).toEqual({ created: 0, updated: 1, renamed: 0, deleted: 0 });
      expect(await runRow(run.runId)).toMatchObject({ state: 'succeeded', applied: true });
      expect(
        (
          await db.query<{ routing_key: string }>(
            'SELECT routing_key FROM outbox_events WHERE published_at IS NULL ORDER BY sequence',
          )
        ).map((event) => event.routing_key),
      ).toEqual(['user.updated.v1', 'sync.run.completed.v1']);
      expect(await short.failAbandoned()).toBe(0);
    });
  });
});
