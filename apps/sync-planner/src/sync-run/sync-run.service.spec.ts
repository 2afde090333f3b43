import { randomUUID } from 'node:crypto';
import {
  type DirectoryReadPage,
  type DirectoryReadSummary,
  type DirectoryUser,
  type StartSyncRunCommand,
  type StoredUser,
  type SyncRunReport,
} from '@dirsync/contracts';
import {
  directoryUser,
  localUser,
  openLdapSampleSettings,
  seedAdminConnection,
  storedUser,
} from '@dirsync/testing';
import { RecordingEventPublisher } from '../../test/recording-event-publisher';
import { ScriptedRpcClient } from '../../test/scripted-rpc-client';
import { DirectoryReaderClient } from './directory-reader.client';
import { RunEventsPublisher } from './run-events.publisher';
import { RunProgressReporter } from './run-progress.reporter';
import { SyncRunService } from './sync-run.service';
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

describe(SyncRunService.name, () => {
  let rpc: ScriptedRpcClient;
  let events: RecordingEventPublisher;
  let sut: SyncRunService;

  const command = (
    mode: StartSyncRunCommand['mode'],
    overrides: Partial<StartSyncRunCommand> = {},
    options: Partial<StartSyncRunCommand['settings']['options']> = {},
  ): StartSyncRunCommand => {
    const settings = openLdapSampleSettings(seedAdminConnection('127.0.0.1', 389));
    return {
      runId: randomUUID(),
      mode,
      requestedBy: 'admin',
      settings: { ...settings, options: { ...settings.options, ...options } },
      ...overrides,
    };
  };
  const directory = (users: DirectoryUser[]) => rpc.pages('directory.read.v1', readPages(users));
  const store = (users: StoredUser[]) => rpc.pages('users.list.v1', [{ users, last: true }]);
  const applied = () => rpc.requestsOf('users.apply-plan.v1');
  const actions = (report: SyncRunReport) =>
    (report.plan?.changes ?? []).map((change) => `${change.action}:${change.userName}`);
  const phases = () =>
    events
      .of('sync.run.progress.v1')
      .map((event) => event['phase'])
      .filter((phase, i, all) => phase !== all[i - 1]);

  beforeEach(() => {
    rpc = new ScriptedRpcClient();
    rpc.answer('users.apply-plan.v1', (request) => ({
      created: request.changes.filter((change) => change.action === 'create').length,
      updated: request.changes.filter((change) => change.action === 'update').length,
      renamed: request.changes.filter((change) => change.action === 'rename').length,
      deleted: request.changes.filter((change) => change.action === 'delete').length,
    }));
    events = new RecordingEventPublisher();
    sut = new SyncRunService(
      new DirectoryReaderClient(rpc),
      new UserStoreClient(rpc),
      new RunEventsPublisher(events),
      new RunProgressReporter(events),
    );
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

  it('Test Settings reports the plan and applies nothing', async () => {
    const run = command('test');

    const report = await sut.run(run);

    expect(report).toMatchObject({ runId: run.runId, mode: 'test', state: 'succeeded' });
    expect(report.applied).toBe(false);
    expect(actions(report)).toEqual(['conflict:eve', 'create:ann', 'update:cid', 'keep:dee']);
    expect(report.plan?.counts).toMatchObject({ create: 1, update: 1, keep: 1, unchanged: 1 });
    expect(applied()).toEqual([]);
    expect(phases()).toEqual(['reading', 'planning']);
  });

  it('Synchronize now applies the creates, updates, renames and deletes, never a conflict or a keep', async () => {
    const report = await sut.run(command('sync'));

    expect(report).toMatchObject({ state: 'succeeded', applied: true });
    const [request] = applied();
    expect(request?.runId).toBe(report.runId);
    expect(request?.changes.map((change) => `${change.action}:${change.userName}`)).toEqual([
      'create:ann',
      'update:cid',
    ]);
    expect(phases()).toEqual(['reading', 'planning', 'applying']);
    expect(events.of('sync.run.progress.v1').at(-1)).toMatchObject({ changesPlanned: 2 });
  });

  it('applies a change of case of a user name as a rename of the same user', async () => {
    directory([directoryUser('Ann', { externalId: 'ext-ann' })]);
    store([storedUser('ann')]);

    const report = await sut.run(command('sync'));

    expect(report.state).toBe('succeeded');
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
      const run = command('sync', {}, { autoDeleteUsers: true });

      const report = await sut.run(run);

      expect(report).toMatchObject({
        state: 'failed',
        applied: false,
        error: { code: 'incomplete-read' },
      });
      expect(report.plan).toBeUndefined();
      expect(applied()).toEqual([]);
      expect(events.of('sync.run.failed.v1')).toEqual([
        expect.objectContaining({ runId: run.runId, error: report.error, requestedBy: 'admin' }),
      ]);
    },
  );

  it('a user list cut short fails the run and applies nothing', async () => {
    rpc.pages('users.list.v1', [{ users: [storedUser('bob')], last: false }]);

    const report = await sut.run(command('sync', {}, { autoDeleteUsers: true }));

    expect(report).toMatchObject({ state: 'failed', error: { code: 'incomplete-read' } });
    expect(applied()).toEqual([]);
  });

  it('applies a stored Test Settings plan only while its fingerprint still holds', async () => {
    const tested = await sut.run(command('test'));
    const fingerprint = tested.plan?.fingerprint ?? '';

    const stale = await sut.run(command('sync', { expectedFingerprint: `${fingerprint}-old` }));
    expect(stale).toMatchObject({ state: 'failed', error: { code: 'stale-plan' } });
    expect(stale.plan?.fingerprint).toBe(fingerprint);
    expect(applied()).toEqual([]);

    const fresh = await sut.run(command('sync', { expectedFingerprint: fingerprint }));
    expect(fresh).toMatchObject({ state: 'succeeded', applied: true });
    expect(applied()).toHaveLength(1);
  });

  it('stops a run that would delete more than the threshold, unless mass deletion is allowed', async () => {
    const options = { autoDeleteUsers: true, deletionThreshold: { maxCount: 0, maxPercent: 100 } };

    const stopped = await sut.run(command('sync', {}, options));
    expect(stopped).toMatchObject({
      state: 'failed',
      applied: false,
      error: { code: 'deletion-threshold-exceeded' },
    });
    expect(applied()).toEqual([]);

    const forced = await sut.run(command('sync', { allowMassDelete: true }, options));
    expect(forced).toMatchObject({ state: 'succeeded', applied: true });
    expect(applied()[0]?.changes.map((change) => `${change.action}:${change.userName}`)).toContain(
      'delete:dee',
    );
  });

  it('reports an unexpected failure as an internal error without its detail', async () => {
    rpc.answer('users.apply-plan.v1', () => {
      throw new Error('socket hang up at 10.0.0.7');
    });

    const report = await sut.run(command('sync'));

    expect(report).toMatchObject({
      state: 'failed',
      applied: false,
      error: {
        code: 'internal-error',
        message: 'internal error in sync-planner (see its log)',
      },
    });
    expect(report.plan?.counts.create).toBe(1);
  });
});
