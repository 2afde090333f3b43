import type { PlanAction, PlanCounts } from '../api/types';

/** Every action of a plan, in the order an admin reads them; typed so none is missed. */
export const ACTION_LABELS: Record<PlanAction, string> = {
  create: 'Create',
  update: 'Update',
  rename: 'Rename',
  delete: 'Delete',
  keep: 'Keep',
  conflict: 'Conflict',
};
export const ACTIONS = Object.keys(ACTION_LABELS) as PlanAction[];

export function totalChanges(counts: PlanCounts): number {
  return counts.create + counts.update + counts.rename + counts.delete;
}

/** How many lines the plan has, every action together (the unchanged users are no line). */
export function allLines(counts: PlanCounts): number {
  return ACTIONS.reduce((sum, action) => sum + counts[action], 0);
}
