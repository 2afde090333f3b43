import {
  type PlannedCreate,
  type PlannedUpdate,
  type PlannedUserChange,
  Privilege,
} from '@dirsync/contracts';
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
  ...(update(name) as PlannedUpdate),
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

  it.each<[string, PlannedUserChange]>([
    ['a keep', { action: 'keep', userName: 'kim', userId: 'id-kim', reason: 'out-of-scope' }],
    [
      'a conflict',
      { action: 'conflict', userName: 'kim', reason: 'two entries', parties: ['a', 'b'] },
    ],
  ])('refuses the whole plan with %s in it (reported only)', (_, line) => {
    const sut = refusal([create('ok'), line]);

    expect(sut.code).toBe('invalid-message');
    expect(sut.status).toBe(400);
    expect(sut.details).toEqual([
      { line: 1, userName: 'kim', problem: expect.stringContaining('reported only') },
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
      { ...(create('kim2') as PlannedCreate), directoryUser: directoryUser('kim') },
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
      { action: 'keep', userName: 'a', userId: 'id-a', reason: 'out-of-scope' },
      create('b'),
      { action: 'conflict', userName: 'c', reason: 'two entries', parties: [] },
    ]);

    expect((sut.details as { line: number }[]).map((problem) => problem.line)).toEqual([0, 2]);
  });
});
