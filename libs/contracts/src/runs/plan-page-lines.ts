import type { PlannedCreate, PlannedUserChange } from '../sync/sync-plan';
import type { PlanPageCreates, StagePlanPageCommand } from './plan-steps';

/** A plan page's lines as they travel: the create lines as columns, the others as they are. */
export type PlanPageLines = Pick<StagePlanPageCommand, 'creates' | 'changes'>;

/** A page of plan lines (place i is lines[i]) as it travels: its create lines as columns. */
export function planPageOf(lines: readonly PlannedUserChange[]): PlanPageLines {
  const creates: PlanPageCreates = {
    at: [],
    userName: [],
    externalId: [],
    dn: [],
    fullName: [],
    emailAddresses: [],
    privileges: [],
  };
  const changes: PlanPageLines['changes'] = [];
  lines.forEach((line, place) => {
    if (line.action !== 'create') {
      changes.push(line);
      return;
    }
    const { directoryUser } = line;
    creates.at.push(place);
    creates.userName.push(line.userName);
    creates.externalId.push(directoryUser.externalId);
    creates.dn.push(directoryUser.dn);
    creates.fullName.push(directoryUser.fullName ?? null);
    creates.emailAddresses.push(directoryUser.emailAddresses);
    creates.privileges.push(line.privileges);
  });
  return creates.at.length > 0 ? { creates, changes } : { changes };
}

/** The places of a page's `changes`, in order: those its create columns leave free. */
export function placesOfChanges({ creates, changes }: PlanPageLines): number[] {
  const taken = creates?.at ?? [];
  const places: number[] = [];
  let next = 0;
  let place = 0;
  while (places.length < changes.length) {
    if (next < taken.length && taken[next] === place) next += 1;
    else places.push(place);
    place += 1;
  }
  return places;
}

/** The create line at item `i` of a page's create columns. */
function createLineOf(creates: PlanPageCreates, i: number): PlannedCreate {
  const userName = creates.userName[i] as string;
  return {
    action: 'create',
    userName,
    directoryUser: {
      externalId: creates.externalId[i] as string,
      dn: creates.dn[i] as string,
      userName,
      fullName: creates.fullName[i] ?? null,
      emailAddresses: creates.emailAddresses[i] as string[],
    },
    privileges: creates.privileges[i] as PlannedCreate['privileges'],
  };
}

/** A page's lines, place by place (planPageOf undone). */
export function linesOfPlanPage(page: PlanPageLines): PlannedUserChange[] {
  const lines: PlannedUserChange[] = [];
  page.creates?.at.forEach((place, i) => {
    lines[place] = createLineOf(page.creates as PlanPageCreates, i);
  });
  placesOfChanges(page).forEach((place, i) => {
    lines[place] = page.changes[i]!;
  });
  return lines;
}
