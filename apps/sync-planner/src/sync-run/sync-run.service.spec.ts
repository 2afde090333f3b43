import { randomUUID } from 'node:crypto';
import { defer, mergeMap, Subject, take } from 'rxjs';
import {
  APPLIED_ACTIONS,
  type DirectoryReadPage,
  type DirectoryReadSummary,
  type DirectorySettings,
  type DirectoryUser,
  linesOfPlanPage,
  PLAN_PAGE_SIZE,
  type RunError,
  type StoredUser,
  type UserPage,
  type SyncPlan,
  type SyncRunRecord,
} from '@dirsync/contracts';
import { RemoteCallError } from '@dirsync/messaging';
import {
  directoryUser,
  localUser,
  openLdapSampleSettings,
  seedAdminConnection,
  storedUser,
  waitUntil,
} from '@dirsync/testing';
import { RecordingEventPublisher } from '../../test/recording-event-publisher';
import { ScriptedRpcClient } from '../../test/scripted-rpc-client';
import { DirectoryReaderClient } from './directory-reader.client';
import { sortChanges } from '../plan/plan-order';
import { RunLedgerClient } from './run-ledger.client';
import { RunProgressReporter } from './run-progress.reporter';
import { SyncRunService } from './sync-run.service';
import { StoreMirror } from './store-mirror';
import { UserStoreClient } from './user-store.client';

const summary: DirectoryReadSummary = {
  baseDn: 'dc=example,dc=com',
  usersInScope: 0,
  groupsRead: 1,
  outOfScopeExternalIds: [],
  conflicts: [],
  warnings: [],
};

/** The pages directory-reader sends for these users: one page each, the summary on the last. */
const readPages = (users: DirectoryUser[]): DirectoryReadPage[] => {
  const pages = users.map((user, sequence) => ({ sequence, users: [user] }));
  return [...pages, { sequence: pages.length, users: [], summary }];
};

/** The ledger's record of a queued run, as `runs.claim.v1` hands it to the planner. */
const queuedRun = (overrides: Partial<SyncRunRecord> = {}): SyncRunRecord => ({
  id: randomUUID(),
  mode: 'sync',
  state: 'running',
  requestedBy: 'admin',
  settingsVersion: 1,
  allowMassDelete: false,
  expectedFingerprint: null,
  createdAt: new Date(0).toISOString(),
  applied: false,
  ...overrides,
});

/** users.list.v2's answer of a whole store, in one page. */
function wholeStore(users: StoredUser[]): UserPage[] {
  return [{ delta: false, users, removedIds: [], last: true, mark: '100:1796000000000' }];
}

/** How a run ended, as the ledger was told: by its apply, or by runs.finish.v1. */
interface Ending {
  outcome: 'succeeded' | 'failed';
  applied: boolean;
  error?: RunError;
  plan?: SyncPlan;
}

describe(SyncRunService.name, () => {
  let rpc: ScriptedRpcClient;
  let events: RecordingEventPublisher;
  let sut: SyncRunService;
  let mirror: StoreMirror;
  let settings: DirectorySettings;

  const directory = (users: DirectoryUser[]) => rpc.pages('directory.read.v1', readPages(users));
  const store = (users: StoredUser[]) => rpc.pages('users.list.v2', wholeStore(users));
  /**
   * The plan of a run as staged page by page, less the lines its completion
   * withdrew, with its summary once complete; in the plan's order (the
   * ledger lists a plan by action and name, whatever order it was staged in).
   */
  const stagedPlan = (runId: string): SyncPlan | undefined => {
    const complete = rpc
      .requestsOf('runs.plan-complete.v2')
      .filter((step) => step.runId === runId)
      .at(-1);
    if (!complete) return undefined;
    const withdrawn = new Set(complete.withdrawn);
    const changes = rpc
      .requestsOf('runs.plan-page.v2')
      .filter((step) => step.runId === runId)
      .flatMap((page) =>
        linesOfPlanPage(page).map((change, index) => ({
          change,
          position: page.first + index,
        })),
      )
      .filter(({ position }) => !withdrawn.has(position))
      .map(({ change }) => change);
    return { ...complete.summary, changes: sortChanges(changes) };
  };
  /** Each apply, with the staged changes it applies (the creates, updates, renames and deletes). */
  const applied = () =>
    rpc.requestsOf('users.apply-plan.v1').map((request) => ({
      ...request,
      changes: (stagedPlan(request.runId)?.changes ?? []).filter((change) =>
        APPLIED_ACTIONS.includes(change.action),
      ),
    }));
  const actions = (plan: SyncPlan | undefined) =>
    (plan?.changes ?? []).map((change) => `${change.action}:${change.userName}`);
  const phases = () =>
    events
      .of('sync.run.progress.v1')
      .map((event) => event['phase'])
      .filter((phase, i, all) => phase !== all[i - 1]);

  /** Starts the run as the handler does, waits for its end, and says how it ended. */
  async function runToEnd(
    run: SyncRunRecord,
    options: Partial<DirectorySettings['options']> = {},
  ): Promise<Ending> {
    rpc.answer('runs.claim.v1', (request) => ({
      run: { ...run, id: request.runId },
      leaseToken: 7,
      leaseMs: 60_000,
    }));
    const accepted = await sut.start({
      runId: run.id,
      options: { ...settings.options, ...options },
    });
    expect(accepted).toEqual({ runId: run.id, leaseToken: 7 });
    await sut.idle();
    const ofRun = <T extends { runId: string }>(steps: T[]) =>
      steps.filter((step) => step.runId === run.id);
    const finishes = ofRun(rpc.requestsOf('runs.finish.v1'));
    const applies = ofRun(rpc.requestsOf('users.apply-plan.v1'));
    for (const step of [...finishes, ...applies]) expect(step.leaseToken).toBe(7);
    const plan = stagedPlan(run.id);
    const finish = finishes.at(-1);
    const apply = applies.at(-1);
    const failedApply = finish?.outcome === 'failed';
    return {
      outcome: finish?.outcome ?? (apply ? 'succeeded' : 'failed'),
      applied: Boolean(apply) && !failedApply,
      ...(finish?.error ? { error: finish.error } : {}),
      ...(plan ? { plan } : {}),
    };
  }

  beforeEach(() => {
    rpc = new ScriptedRpcClient();
    rpc.answer('users.apply-plan.v1', (request) => {
      const counts = stagedPlan(request.runId)?.counts;
      return {
        created: counts?.create ?? 0,
        updated: counts?.update ?? 0,
        renamed: counts?.rename ?? 0,
        deleted: counts?.delete ?? 0,
      };
    });
    rpc.answer('runs.plan-page.v2', (request) => ({ runId: request.runId }));
    rpc.answer('runs.plan-complete.v2', (request) => ({ runId: request.runId }));
    // Staged lines read back, as user-store gives them: from the pages staged.
    rpc.answer('runs.plan-lines.v1', (request) => {
      const pages = rpc
        .requestsOf('runs.plan-page.v2')
        .filter((page) => page.runId === request.runId);
      return {
        lines: request.positions.map((position) => {
          const page = pages.find(
            (staged) =>
              staged.first <= position && position < staged.first + linesOfPlanPage(staged).length,
          );
          const line = page && linesOfPlanPage(page)[position - page.first];
          if (!line) throw new Error(`no staged line at ${position}`);
          return line;
        }),
      };
    });
    rpc.answer('runs.heartbeat.v1', (request) => ({ runId: request.runId }));
    rpc.answer('runs.finish.v1', (request) => ({
      run: queuedRun({ id: request.runId, state: request.outcome }),
    }));
    events = new RecordingEventPublisher();
    sut = new SyncRunService(
      new RunLedgerClient(rpc),
      new DirectoryReaderClient(rpc),
      new UserStoreClient(rpc),
      (mirror = new StoreMirror(new UserStoreClient(rpc))),
      new RunProgressReporter(events),
    );
    settings = openLdapSampleSettings(seedAdminConnection('127.0.0.1', 389));
    // A directory with a new user, an unchanged one, a changed one and one
    // whose name a local user holds; a store with a user who left.
    directory([
      directoryUser('ann'),
      directoryUser('bob'),
      directoryUser('cid', { fullName: 'Cid Changed' }),
      directoryUser('eve'),
    ]);
    store([storedUser('bob'), storedUser('cid'), storedUser('dee'), localUser('eve')]);
  });

  it('Test Settings records the plan, ends as succeeded and applies nothing', async () => {
    const ending = await runToEnd(queuedRun({ mode: 'test' }));

    expect(ending).toMatchObject({ outcome: 'succeeded', applied: false });
    expect(actions(ending.plan)).toEqual(['conflict:eve', 'create:ann', 'update:cid', 'keep:dee']);
    expect(ending.plan?.counts).toMatchObject({ create: 1, update: 1, keep: 1, unchanged: 1 });
    expect(applied()).toEqual([]);
    expect(phases()).toEqual(['reading', 'planning']);
  });

  it('plans the same whether the directory pages arrive before the store list or after it', async () => {
    // The default script lists the store after the whole directory has arrived
    // (the pages wait); here each directory page comes once the store is listed.
    const listed = new Subject<void>();
    rpc.pages(
      'users.list.v2',
      defer(() => {
        setImmediate(() => listed.next());
        return wholeStore([
          storedUser('bob'),
          storedUser('cid'),
          storedUser('dee'),
          localUser('eve'),
        ]);
      }),
    );
    rpc.pages(
      'directory.read.v1',
      listed.pipe(
        take(1),
        mergeMap(() =>
          readPages([
            directoryUser('ann'),
            directoryUser('bob'),
            directoryUser('cid', { fullName: 'Cid Changed' }),
            directoryUser('eve'),
          ]),
        ),
      ),
    );

    const ending = await runToEnd(queuedRun({ mode: 'test' }));

    expect(ending).toMatchObject({ outcome: 'succeeded', applied: false });
    expect(actions(ending.plan)).toEqual(['conflict:eve', 'create:ann', 'update:cid', 'keep:dee']);
    expect(ending.plan?.counts).toMatchObject({ create: 1, update: 1, keep: 1, unchanged: 1 });
  });

  it('Synchronize now applies the creates, updates, renames and deletes, never a conflict or a keep', async () => {
    const run = queuedRun();
    const ending = await runToEnd(run);

    expect(ending).toMatchObject({ outcome: 'succeeded', applied: true });
    expect(rpc.requestsOf('runs.finish.v1')).toEqual([]);
    const [request] = applied();
    expect(request?.runId).toBe(run.id);
    expect(request?.changes.map((change) => `${change.action}:${change.userName}`)).toEqual([
      'create:ann',
      'update:cid',
    ]);
    expect(phases()).toEqual(['reading', 'planning', 'applying']);
    expect(events.of('sync.run.progress.v1').at(-1)).toMatchObject({ changesPlanned: 2 });
  });

  it('stages the whole plan, page by page, before it applies it', async () => {
    await runToEnd(queuedRun());
    const order = rpc.requests
      .map((sent) => sent.routingKey)
      .filter((key) => key.startsWith('runs.plan-') || key === 'users.apply-plan.v1');
    expect(order).toEqual(['runs.plan-page.v2', 'runs.plan-complete.v2', 'users.apply-plan.v1']);
    expect(rpc.requestsOf('runs.plan-complete.v2')[0]).toMatchObject({ lines: 4 });
  });

  it('sends a large plan in pages of PLAN_PAGE_SIZE, never as one message', async () => {
    const many = Array.from({ length: PLAN_PAGE_SIZE * 2 + 1 }, (_, i) => directoryUser(`u${i}`));
    directory(many);
    store([]);

    const ending = await runToEnd(queuedRun({ mode: 'test' }));

    const pages = rpc.requestsOf('runs.plan-page.v2');
    expect(pages.map((page) => [page.first, linesOfPlanPage(page).length])).toEqual([
      [0, PLAN_PAGE_SIZE],
      [PLAN_PAGE_SIZE, PLAN_PAGE_SIZE],
      [2 * PLAN_PAGE_SIZE, 1],
    ]);
    // Create lines travel as columns, not as an object each.
    expect(pages.map((page) => [page.creates?.at.length, page.changes.length])).toEqual([
      [PLAN_PAGE_SIZE, 0],
      [PLAN_PAGE_SIZE, 0],
      [1, 0],
    ]);
    expect(rpc.requestsOf('runs.plan-complete.v2')[0]).toMatchObject({
      lines: 2 * PLAN_PAGE_SIZE + 1,
    });
    expect(ending.plan?.changes).toHaveLength(PLAN_PAGE_SIZE * 2 + 1);
  });

  it('applies a change of case of a user name as a rename of the same user', async () => {
    directory([directoryUser('Ann', { externalId: 'ext-ann' })]);
    store([storedUser('ann')]);

    const ending = await runToEnd(queuedRun());

    expect(ending.outcome).toBe('succeeded');
    expect(applied()[0]?.changes).toEqual([
      expect.objectContaining({ action: 'rename', userName: 'Ann', userId: 'id-ann' }),
    ]);
  });

  it.each([
    [
      'ended without its summary',
      [
        { sequence: 0, users: [directoryUser('ann')] },
        { sequence: 1, users: [directoryUser('bob')] },
      ],
    ],
    [
      'skipped a page',
      [
        { sequence: 0, users: [directoryUser('ann')] },
        { sequence: 2, users: [], summary },
      ],
    ],
    [
      'sent a page after its summary',
      [
        { sequence: 0, users: [directoryUser('ann')], summary },
        { sequence: 1, users: [directoryUser('bob')] },
      ],
    ],
  ])(
    'a directory read that %s fails the run and applies nothing',
    async (_, pages: DirectoryReadPage[]) => {
      rpc.pages('directory.read.v1', pages);

      const ending = await runToEnd(queuedRun(), { autoDeleteUsers: true });

      expect(ending).toMatchObject({
        outcome: 'failed',
        applied: false,
        error: { code: 'incomplete-read' },
      });
      expect(ending.plan).toBeUndefined();
      expect(applied()).toEqual([]);
    },
  );

  it('a user list cut short fails the run and applies nothing', async () => {
    rpc.pages('users.list.v2', [{ ...wholeStore([storedUser('bob')])[0]!, last: false }]);

    const ending = await runToEnd(queuedRun(), { autoDeleteUsers: true });

    expect(ending).toMatchObject({ outcome: 'failed', error: { code: 'incomplete-read' } });
    expect(applied()).toEqual([]);
  });

  it('stages the lines of a large plan while the directory is still read, and withdraws those the finished plan drops', async () => {
    const users = Array.from({ length: 2 * PLAN_PAGE_SIZE + 10 }, (_, i) =>
      directoryUser(`u${String(2_100 - i).padStart(4, '0')}`),
    );
    // The reader found u2050's name on two entries: its line is dropped at the end.
    const twice = { userName: 'u2050', dns: ['uid=u2050,ou=a', 'uid=u2050,ou=b'] };
    const pages = new Subject<DirectoryReadPage>();
    rpc.pages('directory.read.v1', pages);
    store([]);
    const ending = runToEnd(queuedRun({ mode: 'test' }));
    const settled = () => new Promise((resolve) => setImmediate(resolve));
    while (rpc.requestsOf('directory.read.v1').length === 0) await settled();

    for (const page of readPages(users).slice(0, PLAN_PAGE_SIZE + 1)) pages.next(page);
    await settled();
    const stagedWhileReading = rpc
      .requestsOf('runs.plan-page.v2')
      .reduce((lines, page) => lines + linesOfPlanPage(page).length, 0);
    for (const page of readPages(users).slice(PLAN_PAGE_SIZE + 1, -1)) pages.next(page);
    pages.next({ sequence: users.length, users: [], summary: { ...summary, conflicts: [twice] } });
    pages.complete();
    const { plan } = await ending;

    // Every line made by then: the first EARLY_PAGE_LINES as soon as they were made, the rest once that page was staged.
    expect(stagedWhileReading).toBe(PLAN_PAGE_SIZE + 1);
    // Staged in the order read (u2100 first), not in the plan's.
    expect(linesOfPlanPage(rpc.requestsOf('runs.plan-page.v2')[0]!)[0]?.userName).toBe('u2100');
    expect(rpc.requestsOf('runs.plan-complete.v2').at(-1)?.withdrawn).toEqual([50]);
    // The first page's lines were let go once staged: u2050's is read back to be compared.
    expect(rpc.requestsOf('runs.plan-lines.v1').map((request) => request.positions)).toEqual([
      [50],
    ]);
    expect(plan?.counts).toMatchObject({ create: users.length - 1, conflict: 1 });
    expect(actions(plan)).toEqual([
      'conflict:u2050',
      ...users
        .filter((user) => user.userName !== 'u2050')
        .map((user) => `create:${user.userName}`)
        .reverse(),
    ]);
  });

  describe("the store, through the planner's mirror of it", () => {
    const listedSince = () => rpc.requestsOf('users.list.v2').map((request) => request.since);

    it('a second run asks only for what changed since the first one listed, and plans against the mirror brought up to date', async () => {
      await runToEnd(queuedRun({ mode: 'test' }));
      rpc.pages('users.list.v2', [
        {
          delta: true,
          users: [storedUser('cid', { fullName: 'Cid Changed' })],
          removedIds: [storedUser('dee').id],
          last: true,
          mark: '120:1796000001000',
        },
      ]);

      const second = await runToEnd(queuedRun({ mode: 'test' }));

      expect(listedSince()).toEqual([undefined, '100:1796000000000']);
      expect(actions(second.plan)).toEqual(['conflict:eve', 'create:ann']);
      expect(second.plan?.counts).toMatchObject({ unchanged: 2, keep: 0 });
    });

    it('a sync that changed the store brings the mirror up to date once it ends', async () => {
      await runToEnd(queuedRun());
      rpc.pages('users.list.v2', [
        { delta: true, users: [], removedIds: [], last: true, mark: '130:1796000002000' },
      ]);
      await mirror.current();

      expect(listedSince()).toEqual([undefined, '100:1796000000000', '100:1796000000000']);
    });

    it('a run that failed leaves no mirror: the next one lists the whole store', async () => {
      rpc.pages('directory.read.v1', []);
      const failed = await runToEnd(queuedRun({ mode: 'test' }));
      directory([directoryUser('bob')]);

      await runToEnd(queuedRun({ mode: 'test' }));

      expect(failed.outcome).toBe('failed');
      expect(listedSince()).toEqual([undefined, undefined]);
    });
  });

  it('applies a stored Test Settings plan only while its fingerprint still holds', async () => {
    const tested = await runToEnd(queuedRun({ mode: 'test' }));
    const fingerprint = tested.plan?.fingerprint ?? '';

    const stale = await runToEnd(queuedRun({ expectedFingerprint: `${fingerprint}-old` }));
    expect(stale).toMatchObject({ outcome: 'failed', error: { code: 'stale-plan' } });
    expect(stale.plan?.fingerprint).toBe(fingerprint);
    expect(applied()).toEqual([]);

    const fresh = await runToEnd(queuedRun({ expectedFingerprint: fingerprint }));
    expect(fresh).toMatchObject({ outcome: 'succeeded', applied: true });
    expect(applied()).toHaveLength(1);
  });

  it('stops a run that would delete more than the threshold, unless mass deletion is allowed', async () => {
    const options = { autoDeleteUsers: true, deletionThreshold: { maxCount: 0, maxPercent: 100 } };

    const stopped = await runToEnd(queuedRun(), options);
    expect(stopped).toMatchObject({
      outcome: 'failed',
      applied: false,
      error: { code: 'deletion-threshold-exceeded' },
    });
    expect(applied()).toEqual([]);

    const forced = await runToEnd(queuedRun({ allowMassDelete: true }), options);
    expect(forced).toMatchObject({ outcome: 'succeeded', applied: true });
    expect(applied()[0]?.changes.map((change) => `${change.action}:${change.userName}`)).toContain(
      'delete:dee',
    );
  });

  it('reports an unexpected failure as an internal error without its detail', async () => {
    rpc.answer('users.apply-plan.v1', () => {
      throw new Error('socket hang up at 10.0.0.7');
    });

    const ending = await runToEnd(queuedRun());

    expect(ending).toMatchObject({
      outcome: 'failed',
      error: {
        code: 'internal-error',
        message: 'internal error in sync-planner (see its log)',
      },
    });
    expect(ending.plan?.counts.create).toBe(1);
  });

  it('a run the ledger no longer lets it claim is refused, and nothing is read', async () => {
    rpc.answer('runs.claim.v1', () => {
      throw new RemoteCallError('runs.claim.v1', {
        code: 'run-not-claimable',
        message: 'run is failed, not queued',
      });
    });

    await expect(
      sut.start({ runId: randomUUID(), options: settings.options }),
    ).rejects.toMatchObject({
      code: 'run-not-claimable',
    });
    expect(rpc.requestsOf('directory.read.v1')).toEqual([]);
  });

  it('a lease the ledger says is lost stops the run before it applies', async () => {
    let refuse = false;
    rpc.answer('runs.heartbeat.v1', (request) => {
      if (refuse) {
        throw new RemoteCallError('runs.heartbeat.v1', {
          code: 'run-lease-lost',
          message: `run ${request.runId} is no longer held`,
        });
      }
      return { runId: request.runId };
    });
    // The directory read waits until a heartbeat has been refused.
    rpc.pages(
      'directory.read.v1',
      defer(async () => {
        refuse = true;
        await waitUntil(() => rpc.requestsOf('runs.heartbeat.v1').length > 0);
        return readPages([directoryUser('ann')]);
      }).pipe(mergeMap((pages) => pages)),
    );
    rpc.answer('runs.claim.v1', (request) => ({
      run: queuedRun({ id: request.runId }),
      leaseToken: 3,
      leaseMs: 300,
    }));

    const run = await sut.start({ runId: randomUUID(), options: settings.options });
    await sut.idle();

    expect(run.leaseToken).toBe(3);
    expect(applied()).toEqual([]);
    expect(rpc.requestsOf('runs.finish.v1')).toEqual([
      expect.objectContaining({
        outcome: 'failed',
        error: expect.objectContaining({ code: 'run-lease-lost' }),
      }),
    ]);
  });
});
