import { concat, from, throwError } from 'rxjs';
import type { DirectoryReadPage, DirectoryReadSummary, DirectoryUser } from '@dirsync/contracts';
import { RemoteCallError } from '@dirsync/messaging';
import { directoryUser } from '@dirsync/testing';
import { ScriptedRpcClient } from '../../test/scripted-rpc-client';
import { DirectoryReaderClient } from './directory-reader.client';

const settingsVersion = 3;

const summary: DirectoryReadSummary = {
  baseDn: 'dc=example,dc=com',
  usersInScope: 3,
  groupsRead: 1,
  outOfScopeExternalIds: ['ext-out'],
  conflicts: [],
  warnings: [],
};

const page = (
  sequence: number,
  users: DirectoryUser[] = [],
  last?: DirectoryReadSummary,
): DirectoryReadPage => ({ sequence, users, ...(last ? { summary: last } : {}) });

describe(DirectoryReaderClient.name, () => {
  let rpc: ScriptedRpcClient;
  let sut: DirectoryReaderClient;
  const [ann, bob, cid] = ['ann', 'bob', 'cid'].map((name) => directoryUser(name)) as [
    DirectoryUser,
    DirectoryUser,
    DirectoryUser,
  ];

  beforeEach(() => {
    rpc = new ScriptedRpcClient();
    sut = new DirectoryReaderClient(rpc);
  });

  /** Reads, collecting every page handed on. */
  const readAll = async (runId = 'run-1') => {
    const users: DirectoryUser[] = [];
    const read = await sut.read(runId, settingsVersion, (page) => users.push(...page));
    return { users, ...read };
  };

  it('hands the pages on in order and returns the summary of the last one', async () => {
    rpc.pages('directory.read.v1', [page(0, [ann, bob]), page(1, []), page(2, [cid], summary)]);
    const handedOn: [string[], number][] = [];

    const read = await sut.read('run-1', settingsVersion, (users, usersRead) =>
      handedOn.push([users.map((user) => user.userName), usersRead]),
    );

    expect(read).toEqual({ summary, usersRead: 3 });
    expect(handedOn).toEqual([
      [['ann', 'bob'], 2],
      [[], 2],
      [['cid'], 3],
    ]);
    expect(rpc.requestsOf('directory.read.v1')).toEqual([{ runId: 'run-1', settingsVersion }]);
  });

  it('takes a directory with no users in scope: one page, the summary', async () => {
    const empty = { ...summary, usersInScope: 0, outOfScopeExternalIds: [] };
    rpc.pages('directory.read.v1', [page(0, [], empty)]);

    await expect(readAll()).resolves.toEqual({ users: [], summary: empty, usersRead: 0 });
  });

  it.each([
    ['ended without its summary page', [page(0, [ann]), page(1, [bob])]],
    ['ended after a first page without a summary', [page(0, [ann, bob, cid])]],
    ['ended before its first page', []],
  ])('a read that %s is incomplete, never a smaller directory', async (_, pages) => {
    rpc.pages('directory.read.v1', pages);

    await expect(readAll()).rejects.toMatchObject({
      code: 'incomplete-read',
      status: 502,
      message: 'directory read run-1 ended without its summary',
    });
  });

  it.each([
    ['skipped a page', [page(0, [ann]), page(2, [cid], summary)], 2],
    ['repeated a page', [page(0, [ann]), page(0, [ann]), page(1, [cid], summary)], 0],
    ['lost its first page', [page(1, [bob]), page(2, [cid], summary)], 1],
    ['went backwards', [page(0, [ann]), page(1, [bob]), page(0, [cid], summary)], 0],
    ['sent a page after its summary', [page(0, [ann], summary), page(1, [bob])], 1],
    ['sent a second summary', [page(0, [ann], summary), page(1, [bob], summary)], 1],
  ])('a read that %s is refused as incomplete', async (_, pages, badSequence) => {
    rpc.pages('directory.read.v1', pages);

    await expect(readAll()).rejects.toMatchObject({
      code: 'incomplete-read',
      status: 502,
      message: `directory read run-1: page ${badSequence} out of order`,
    });
  });

  it("passes directory-reader's error on with its code, even after some pages", async () => {
    const refused = new RemoteCallError('directory.read.v1', {
      code: 'ldap-invalid-credentials',
      message: 'the directory refused the service account',
    });
    rpc.pages(
      'directory.read.v1',
      concat(
        from([page(0, [ann])]),
        throwError(() => refused),
      ),
    );

    await expect(readAll()).rejects.toMatchObject({
      code: 'ldap-invalid-credentials',
      status: 422,
    });
  });
});
