import { concat, defer, from, throwError } from 'rxjs';
import type { SyncedUserState, UserPage } from '@dirsync/contracts';
import { RemoteCallError } from '@dirsync/messaging';
import { localUser, storedUser } from '@dirsync/testing';
import { ScriptedRpcClient } from '../../test/scripted-rpc-client';
import { StoreMirror } from './store-mirror';
import { UserStoreClient } from './user-store.client';

describe(StoreMirror.name, () => {
  let rpc: ScriptedRpcClient;
  let sut: StoreMirror;
  const ann = storedUser('ann');
  const bob = storedUser('bob');
  const admin = localUser('admin');

  beforeEach(() => {
    rpc = new ScriptedRpcClient();
    sut = new StoreMirror(new UserStoreClient(rpc));
  });

  const whole = (users: SyncedUserState[], mark: string): UserPage[] => [
    { delta: false, users, removedIds: [], last: true, mark },
  ];
  const since = (users: SyncedUserState[], removedIds: string[], mark: string): UserPage[] => [
    { delta: true, users, removedIds, last: true, mark },
  ];
  const sinceAsked = () => rpc.requestsOf('users.list.v2').map((request) => request.since);
  const byName = (users: Iterable<SyncedUserState>) =>
    [...users].map((user) => `${user.userName}:${user.fullName ?? ''}`).sort();

  it('lists the whole store first, then only what changed since the mark it was given', async () => {
    rpc.pages('users.list.v2', whole([admin, ann, bob], '10:1000'));
    expect(byName(await sut.current())).toEqual([
      'admin:admin Example',
      'ann:ann Example',
      'bob:bob Example',
    ]);

    const renamedAnn = { ...ann, fullName: 'Ann Other' };
    const carl = storedUser('carl');
    rpc.pages('users.list.v2', since([renamedAnn, carl], [bob.id], '14:2000'));
    expect(byName(await sut.current())).toEqual([
      'admin:admin Example',
      'ann:Ann Other',
      'carl:carl Example',
    ]);

    rpc.pages('users.list.v2', since([], [], '15:3000'));
    expect(byName(await sut.current())).toEqual([
      'admin:admin Example',
      'ann:Ann Other',
      'carl:carl Example',
    ]);
    expect(sinceAsked()).toEqual([undefined, '10:1000', '14:2000']);
  });

  it('replaces the mirror when user-store answers with the whole store (it could not tell what changed)', async () => {
    rpc.pages('users.list.v2', whole([admin, ann, bob], '10:1000'));
    await sut.current();

    rpc.pages('users.list.v2', whole([ann], '90:9000'));

    expect(byName(await sut.current())).toEqual(['ann:ann Example']);
  });

  it('gives each caller its own set: a later look changes neither it nor the users in it', async () => {
    rpc.pages('users.list.v2', whole([ann, bob], '10:1000'));
    const first = await sut.current();

    rpc.pages('users.list.v2', since([{ ...ann, fullName: 'Ann Other' }], [bob.id], '14:2000'));
    await sut.current();

    expect(byName(first)).toEqual(['ann:ann Example', 'bob:bob Example']);
  });

  it('keeps nothing of a look that failed: the next one lists the whole store', async () => {
    rpc.pages('users.list.v2', whole([ann, bob], '10:1000'));
    await sut.current();
    rpc.pages(
      'users.list.v2',
      concat(
        from(since([storedUser('carl')], [], '14:2000').map((page) => ({ ...page, last: false }))),
        throwError(
          () => new RemoteCallError('users.list.v2', { code: 'internal-error', message: 'gone' }),
        ),
      ),
    );
    await expect(sut.current()).rejects.toMatchObject({ code: 'internal-error' });

    rpc.pages('users.list.v2', whole([ann], '20:3000'));

    expect(byName(await sut.current())).toEqual(['ann:ann Example']);
    expect(sinceAsked()).toEqual([undefined, '10:1000', undefined]);
  });

  it('lists the whole store again once forgotten', async () => {
    rpc.pages('users.list.v2', whole([ann], '10:1000'));
    await sut.current();

    sut.forget();
    rpc.pages('users.list.v2', whole([bob], '12:1500'));

    expect(byName(await sut.current())).toEqual(['bob:bob Example']);
    expect(sinceAsked()).toEqual([undefined, undefined]);
  });

  it('looks again from the whole store when forgotten during a look, never answering an empty mirror', async () => {
    rpc.pages('users.list.v2', whole([ann], '10:1000'));
    await sut.current();
    rpc.pages(
      'users.list.v2',
      defer(() => {
        sut.forget();
        rpc.pages('users.list.v2', whole([ann, bob], '12:1500'));
        return since([], [], '11:1200');
      }),
    );

    expect(byName(await sut.current())).toEqual(['ann:ann Example', 'bob:bob Example']);
    expect(sinceAsked()).toEqual([undefined, '10:1000', undefined]);
  });

  it('makes looks one after the other, each from the mark the one before left', async () => {
    rpc.pages('users.list.v2', whole([ann], '10:1000'));
    await sut.current();
    rpc.pages('users.list.v2', since([], [], '14:2000'));

    await Promise.all([sut.current(), sut.current()]);

    expect(sinceAsked()).toEqual([undefined, '10:1000', '14:2000']);
  });
});
