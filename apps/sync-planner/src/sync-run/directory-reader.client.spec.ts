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

  it('joins the pages in order and returns the summary of the last one', async () => {
    rpc.pages('directory.read.v1', [page(0, [ann, bob]), page(1, []), page(2, [cid], summary)]);
    const counts: number[] = [];

    const read = await sut.readAll('run-1', settingsVersion, (count) => counts.push(count));

    expect(read).toEqual({ users: [ann, bob, cid], summary });
    expect(counts).toEqual([2, 2, 3]);
    expect(rpc.requestsOf('directory.read.v1')).toEqual([{ runId: 'run-1', settingsVersion }]);
  });

  it('takes a directory with no users in scope: one page, the summary', async () => {
    const empty = { ...summary, usersInScope: 0, outOfScopeExternalIds: [] };
    rpc.pages('directory.read.v1', [page(0, [], empty)]);

    await expect(sut.readAll('run-1', settingsVersion)).resolves.toEqual({
      users: [],
      summary: empty,
    });
  });

  it.each([
    ['ended without its summary page', [page(0, [ann]), page(1, [bob])]],
    ['ended after a first page without a summary', [page(0, [ann, bob, cid])]],
    ['ended before its first page', []],
  ])('a read that %s is incomplete, never a smaller directory', async (_, pages) => {
    rpc.pages('directory.read.v1', pages);

    await expect(sut.readAll('run-1', settingsVersion)).rejects.toMatchObject({
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

    await expect(sut.readAll('run-1', settingsVersion)).rejects.toMatchObject({
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

    await expect(sut.readAll('run-1', settingsVersion)).rejects.toMatchObject({
      code: 'ldap-invalid-credentials',
      status: 422,
    });
  });
});
