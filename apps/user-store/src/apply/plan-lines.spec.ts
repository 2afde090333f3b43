import { Privilege, type PlannedUserChange } from '@dirsync/contracts';
import { AppError } from '@dirsync/service-kit';
import { toPlanLines, touchedUserIds } from './plan-lines';
import { directoryUser } from '@dirsync/testing';

const create = (name: string): PlannedUserChange => ({
  action: 'create',
  userName: name,
  directoryUser: directoryUser(name),
  privileges: [Privilege.LogOn],
});
const update = (name: string): PlannedUserChange => ({
  action: 'update',
  userName: name,
  userId: `id-${name}`,
  directoryUser: directoryUser(name, { fullName: 'New Name' }),
  fieldChanges: [{ field: 'fullName', old: `${name} Example`, new: 'New Name' }],
});
const rename = (name: string): PlannedUserChange => ({
  ...update(name),
  action: 'rename',
});
const remove = (name: string): PlannedUserChange => ({
  action: 'delete',
  userName: name,
  userId: `id-${name}`,
  reason: 'out-of-scope',
});

function refusal(changes: PlannedUserChange[]): AppError {
  try {
    toPlanLines(changes);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected the plan to be refused');
}

describe(toPlanLines.name, () => {
  it('sorts the lines by what they do to the store', () => {
    const sut = toPlanLines([remove('dora'), create('carl'), update('bob'), rename('ann')]);

    expect(sut.creates.map((line) => line.directoryUser.userName)).toEqual(['carl']);
    expect(sut.creates[0]?.privileges).toEqual([Privilege.LogOn]);
    expect(sut.changes.map((line) => [line.action, line.userId])).toEqual([
      ['update', 'id-bob'],
      ['rename', 'id-ann'],
    ]);
    expect(sut.deletes).toEqual([{ userId: 'id-dora', userName: 'dora', reason: 'out-of-scope' }]);
    expect(touchedUserIds(sut)).toEqual(['id-bob', 'id-ann', 'id-dora']);
  });

  it('accepts an empty plan', () => {
    expect(toPlanLines([])).toEqual({ creates: [], changes: [], deletes: [] });
  });

  it('says why a deleted user went when the plan does not', () => {
    const { reason: _, ...withoutReason } = remove('dora');

    expect(toPlanLines([withoutReason]).deletes[0]?.reason).toBe('no-longer-in-directory');
  });

  it.each<[string, PlannedUserChange, string]>([
    ['a keep', { action: 'keep', userName: 'kim', userId: 'id-kim' }, 'reported only'],
    ['a conflict', { action: 'conflict', userName: 'kim', parties: ['a', 'b'] }, 'reported only'],
    [
      'a create without directory user',
      { ...create('kim'), directoryUser: undefined },
      'needs the directory user',
    ],
    [
      'a create without privileges',
      { ...create('kim'), privileges: undefined },
      'needs the privileges',
    ],
    ['an update without user id', { ...update('kim'), userId: undefined }, 'needs the user id'],
    [
      'a rename without directory user',
      { ...rename('kim'), directoryUser: undefined },
      'needs the directory user',
    ],
    [
      'an update without field changes',
      { ...update('kim'), fieldChanges: [] },
      'needs its field changes',
    ],
    ['a delete without user id', { ...remove('kim'), userId: undefined }, 'needs the user id'],
  ])('refuses the whole plan with %s in it', (_, line, problem) => {
    const sut = refusal([create('ok'), line]);

    expect(sut.code).toBe('invalid-message');
    expect(sut.status).toBe(400);
    expect(sut.details).toEqual([
      { line: 1, userName: 'kim', problem: expect.stringContaining(problem) },
    ]);
  });

  it('refuses a user on two lines', () => {
    const sut = refusal([update('kim'), remove('kim')]);

    expect(sut.details).toEqual([
      { line: 1, userName: 'kim', problem: 'user id-kim appears on more than one line' },
    ]);
  });

  it('refuses a directory entry on two lines', () => {
    const sut = refusal([
      create('kim'),
      { ...create('kim2'), directoryUser: directoryUser('kim') },
    ]);

    expect(sut.details).toEqual([
      {
        line: 1,
        userName: 'kim2',
        problem: 'directory entry ext-kim appears on more than one line',
      },
    ]);
  });

  it('lists every bad line, not only the first', () => {
    const sut = refusal([
      { action: 'keep', userName: 'a' },
      create('b'),
      { action: 'conflict', userName: 'c' },
    ]);

    expect((sut.details as { line: number }[]).map((problem) => problem.line)).toEqual([0, 2]);
  });
});
