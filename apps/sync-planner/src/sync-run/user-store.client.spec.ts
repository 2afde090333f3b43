import { concat, from, throwError } from 'rxjs';
import type { UserPage } from '@dirsync/contracts';
import { RemoteCallError } from '@dirsync/messaging';
import { localUser, storedUser } from '@dirsync/testing';
import { ScriptedRpcClient } from '../../test/scripted-rpc-client';
import { UserStoreClient } from './user-store.client';

describe(UserStoreClient.name, () => {
  let rpc: ScriptedRpcClient;
  let sut: UserStoreClient;
  const ann = storedUser('ann');
  const bob = storedUser('bob');
  const admin = localUser('admin');

  beforeEach(() => {
    rpc = new ScriptedRpcClient();
    sut = new UserStoreClient(rpc);
  });

  const page = (
    users: UserPage['users'],
    last: boolean,
    extra: Partial<UserPage> = {},
  ): UserPage => ({
    delta: false,
    users,
    removedIds: [],
    last,
    ...(last ? { mark: '812:1796000000000' } : {}),
    ...extra,
  });
  const listed = async (since?: string) => {
    const pages: UserPage[] = [];
    const { mark } = await sut.list(since, (received) => pages.push(received));
    return { pages, mark };
  };

  it('hands on every page of the store as it comes, asking for pages of 5,000, and returns the mark', async () => {
    rpc.pages('users.list.v2', [page([admin, ann], false), page([bob], true)]);

    await expect(listed()).resolves.toEqual({
      pages: [page([admin, ann], false), page([bob], true)],
      mark: '812:1796000000000',
    });
    expect(rpc.requestsOf('users.list.v2')).toEqual([{ pageSize: 5000 }]);
  });

  it('asks for what changed since a mark when it has one', async () => {
    const changes = page([ann], true, { delta: true, removedIds: [bob.id] });
    rpc.pages('users.list.v2', [changes]);

    await expect(listed('700:1795000000000')).resolves.toEqual({
      pages: [changes],
      mark: '812:1796000000000',
    });
    expect(rpc.requestsOf('users.list.v2')).toEqual([
      { pageSize: 5000, since: '700:1795000000000' },
    ]);
  });

  it('takes an empty store: one last page without users', async () => {
    rpc.pages('users.list.v2', [page([], true)]);

    await expect(listed()).resolves.toEqual({ pages: [page([], true)], mark: '812:1796000000000' });
  });

  it.each<[string, UserPage[]]>([
    ['before its last page', [page([admin, ann], false)]],
    ['before its first page', []],
    ['without its mark', [page([admin], false), { ...page([ann], true), mark: undefined }]],
  ])('a user list that ended %s is incomplete, never a smaller store', async (_, pages) => {
    rpc.pages('users.list.v2', pages);

    await expect(listed()).rejects.toMatchObject({ code: 'incomplete-read', status: 502 });
  });

  it("passes user-store's error on with its code, even after some pages", async () => {
    rpc.pages(
      'users.list.v2',
      concat(
        from([page([ann], false)]),
        throwError(
          () =>
            new RemoteCallError('users.list.v2', { code: 'internal-error', message: 'internal' }),
        ),
      ),
    );

    await expect(listed()).rejects.toMatchObject({ code: 'internal-error', status: 500 });
  });

  const held = { runId: '7d0c1f9e-5b8a-4f51-9a39-2f0c4c1d6a11', leaseToken: 4 };

  it("asks user-store to apply the run's staged plan under its lease, and returns what it applied", async () => {
    rpc.answer('users.apply-plan.v1', () => ({ created: 1, updated: 0, renamed: 0, deleted: 0 }));

    await expect(sut.apply(held)).resolves.toEqual({
      created: 1,
      updated: 0,
      renamed: 0,
      deleted: 0,
    });
    expect(rpc.requestsOf('users.apply-plan.v1')).toEqual([held]);
  });

  it("passes user-store's refusal of a plan on with its code", async () => {
    rpc.answer('users.apply-plan.v1', () => {
      throw new RemoteCallError('users.apply-plan.v1', {
        code: 'stale-plan',
        message: 'the store changed',
      });
    });

    await expect(sut.apply(held)).rejects.toMatchObject({ code: 'stale-plan', status: 409 });
  });
});
