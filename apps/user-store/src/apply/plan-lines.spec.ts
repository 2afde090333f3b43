import { type PlannedUpdate, type PlannedUserChange, Privilege } from '@dirsync/contracts';
import { directoryUser } from '@dirsync/testing';
import type { AppliedUserChange } from '@dirsync/contracts';
import { lineRefusal, toPlanLines, touchedUserIds } from './plan-lines';

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

const staged = (changes: PlannedUserChange[]) =>
  changes.map((change, position) => ({ position, change: change as AppliedUserChange }));

describe(toPlanLines.name, () => {
  it('sorts the lines by what they do to stored users', () => {
    const sut = toPlanLines(staged([remove('dora'), update('bob'), rename('ann')]));

    expect(sut.changes.map((line) => [line.action, line.userId])).toEqual([
      ['update', 'id-bob'],
      ['rename', 'id-ann'],
    ]);
    expect(sut.deletes).toEqual([{ userId: 'id-dora', userName: 'dora', reason: 'out-of-scope' }]);
    expect(touchedUserIds(sut)).toEqual(['id-bob', 'id-ann', 'id-dora']);
  });

  it('accepts an empty chunk', () => {
    expect(toPlanLines([])).toEqual({ changes: [], deletes: [] });
  });

  it('throws on a create: creates never leave the database to be applied', () => {
    const create: PlannedUserChange = {
      action: 'create',
      userName: 'kim',
      directoryUser: directoryUser('kim'),
      privileges: [Privilege.LogOn],
    };

    expect(() => toPlanLines(staged([update('bob'), create]))).toThrow(
      'line 1: creates are applied from the staged plan',
    );
  });
});

describe(lineRefusal.name, () => {
  it('is a 400 naming every line', () => {
    const problems = [
      { line: 3, userName: 'kim', problem: 'user id-kim appears on more than one line' },
      {
        line: 9,
        userName: 'lee',
        problem: 'directory entry ext-lee appears on more than one line',
      },
    ];

    const sut = lineRefusal(problems);

    expect(sut).toMatchObject({
      code: 'invalid-message',
      status: 400,
      message: 'refusing the plan: 2 line(s) cannot be applied',
      details: problems,
    });
  });
});
