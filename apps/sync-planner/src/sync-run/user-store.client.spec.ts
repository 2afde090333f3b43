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

  it('lists every user of the store across the pages, asking for pages of 1,000', async () => {
    rpc.pages('users.list.v2', [
      { users: [admin, ann], last: false },
      { users: [bob], last: true },
    ]);

    await expect(sut.listAll()).resolves.toEqual([admin, ann, bob]);
    expect(rpc.requestsOf('users.list.v2')).toEqual([{ pageSize: 5000 }]);
  });

  it('takes an empty store: one last page without users', async () => {
    rpc.pages('users.list.v2', [{ users: [], last: true }]);

    await expect(sut.listAll()).resolves.toEqual([]);
  });

  it.each<[string, UserPage[]]>([
    ['before its last page', [{ users: [admin, ann], last: false }]],
    ['before its first page', []],
  ])('a user list that ended %s is incomplete, never a smaller store', async (_, pages) => {
    rpc.pages('users.list.v2', pages);

    await expect(sut.listAll()).rejects.toMatchObject({ code: 'incomplete-read', status: 502 });
  });

  it("passes user-store's error on with its code, even after some pages", async () => {
    rpc.pages(
      'users.list.v2',
      concat(
        from([{ users: [ann], last: false }]),
        throwError(
          () =>
            new RemoteCallError('users.list.v2', { code: 'internal-error', message: 'internal' }),
        ),
      ),
    );

    await expect(sut.listAll()).rejects.toMatchObject({ code: 'internal-error', status: 500 });
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
