import type { StoredUser } from '@dirsync/contracts';
import { AppError } from '@dirsync/service-kit';
import { checkAgainstStore } from './check-against-store';
import type { ChangeLine, PlanLines } from './plan-lines';
import { directoryUser, localUser, storedUser } from '@dirsync/testing';

const store = (...users: StoredUser[]) => new Map(users.map((user) => [user.id, user]));
const plan = (lines: Partial<PlanLines>): PlanLines => ({
  changes: [],
  deletes: [],
  ...lines,
});

const renameAnn: ChangeLine = {
  action: 'rename',
  userId: 'id-ann',
  directoryUser: directoryUser('ann', { userName: 'anne', emailAddresses: ['anne@example.com'] }),
  fieldChanges: [
    { field: 'userName', old: 'ann', new: 'anne' },
    { field: 'emailAddresses', old: ['ann@example.com'], new: ['anne@example.com'] },
  ],
};

function refusal(lines: PlanLines, stored: Map<string, StoredUser>): AppError {
  try {
    checkAgainstStore(lines, stored);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected the plan to be refused');
}

describe(checkAgainstStore.name, () => {
  it('gives each change its state before and after, and each deletion its stored user', () => {
    const ann = storedUser('ann');
    const bob = storedUser('bob');

    const sut = checkAgainstStore(
      plan({
        changes: [renameAnn],
        deletes: [{ userId: 'id-bob', userName: 'bob', reason: 'out-of-scope' }],
      }),
      store(ann, bob),
    );

    expect(sut.changes).toEqual([
      {
        action: 'rename',
        before: ann,
        after: { ...ann, userName: 'anne', emailAddresses: ['anne@example.com'] },
        fieldChanges: renameAnn.fieldChanges,
      },
    ]);
    expect(sut.removals).toEqual([{ user: bob, reason: 'out-of-scope' }]);
  });

  it('refuses to change a local user', () => {
    const sut = refusal(plan({ changes: [renameAnn] }), store(localUser('ann')));

    expect(sut.code).toBe('conflict');
    expect(sut.details).toEqual([
      {
        userId: 'id-ann',
        userName: 'anne',
        problem: 'a sync never changes or deletes local users',
      },
    ]);
  });

  it('refuses to delete a local user', () => {
    const sut = refusal(
      plan({ deletes: [{ userId: 'id-ann', userName: 'ann', reason: 'no-longer-in-directory' }] }),
      store(localUser('ann')),
    );

    expect(sut.code).toBe('conflict');
  });

  it.each<[string, PlanLines, StoredUser[], string]>([
    [
      'a user no longer in the store',
      plan({ changes: [renameAnn] }),
      [],
      'no such user in the store any more',
    ],
    [
      'a deleted user no longer in the store',
      plan({ deletes: [{ userId: 'id-ann', userName: 'ann', reason: 'x' }] }),
      [],
      'no such user in the store any more',
    ],
    [
      'another directory entry behind the id',
      plan({ changes: [renameAnn] }),
      [storedUser('ann', { externalId: 'ext-someone-else' })],
      'the store holds directory entry ext-someone-else, the plan ext-ann',
    ],
    [
      'values changed since the plan',
      plan({ changes: [renameAnn] }),
      [storedUser('ann', { fullName: 'Changed Meanwhile' })],
      'the stored values differ from those the plan was made against',
    ],
    [
      'an update that renames',
      plan({ changes: [{ ...renameAnn, action: 'update' }] }),
      [storedUser('ann')],
      'a change of user name or DN is a rename, other changes an update (the plan says update)',
    ],
  ])('refuses the plan as stale for %s', (_, lines, users, problem) => {
    const sut = refusal(lines, store(...users));

    expect(sut.code).toBe('stale-plan');
    expect(sut.status).toBe(409);
    expect(sut.details).toEqual([expect.objectContaining({ userId: 'id-ann', problem })]);
  });
});
