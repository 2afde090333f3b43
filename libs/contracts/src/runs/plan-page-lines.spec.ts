import type { PlannedCreate, PlannedUserChange } from '../sync/sync-plan';
import { Privilege } from '../settings/privilege';
import { linesOfPlanPage, planPageOf, placesOfChanges } from './plan-page-lines';

const create = (name: string, fullName: string | null = `${name} Full`): PlannedCreate => ({
  action: 'create',
  userName: name,
  directoryUser: {
    externalId: `e-${name}`,
    dn: `uid=${name}`,
    userName: name,
    fullName,
    emailAddresses: [`${name}@example.com`],
  },
  privileges: [Privilege.LogOn],
});
const keep = (name: string): PlannedUserChange => ({
  action: 'keep',
  userName: name,
  userId: `id-${name}`,
  reason: 'out-of-scope',
});

describe(planPageOf.name, () => {
  it('sends the create lines as columns at their places and the others as they are', () => {
    const lines = [create('a'), keep('b'), create('c', null), keep('d')];

    const page = planPageOf(lines);

    expect(page).toEqual({
      creates: {
        at: [0, 2],
        userName: ['a', 'c'],
        externalId: ['e-a', 'e-c'],
        dn: ['uid=a', 'uid=c'],
        fullName: ['a Full', null],
        emailAddresses: [['a@example.com'], ['c@example.com']],
        privileges: [[Privilege.LogOn], [Privilege.LogOn]],
      },
      changes: [keep('b'), keep('d')],
    });
    expect(placesOfChanges(page)).toEqual([1, 3]);
    expect(linesOfPlanPage(page)).toEqual(lines);
  });

  it('sends a page without creates as its lines', () => {
    const lines = [keep('a'), keep('b')];

    expect(planPageOf(lines)).toEqual({ changes: lines });
    expect(linesOfPlanPage(planPageOf(lines))).toEqual(lines);
  });

  it('gives the places left after creates at the end or the start', () => {
    expect(placesOfChanges(planPageOf([keep('a'), create('b'), create('c')]))).toEqual([0]);
    expect(placesOfChanges(planPageOf([create('a'), create('b'), keep('c')]))).toEqual([2]);
    expect(placesOfChanges(planPageOf([create('a')]))).toEqual([]);
  });
});
