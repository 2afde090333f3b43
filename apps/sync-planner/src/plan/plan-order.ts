import { createHash } from 'node:crypto';
import {
  emptyPlanCounts,
  PLAN_ACTION_ORDER,
  type PlanCounts,
  type PlannedUserChange,
} from '@dirsync/contracts';
import type { DirectoryLines, LineRef } from './directory-lines';

/**
 * By action, then by user name case-insensitively (stable); each line's keys
 * computed once, in arrays beside the lines rather than an object per line
 * (a first sync sorts one line per directory user).
 */
export function sortLines(refs: readonly LineRef[], lines: DirectoryLines): LineRef[] {
  const ranks = new Uint8Array(refs.length);
  const names = new Array<string>(refs.length);
  const order = new Array<number>(refs.length);
  refs.forEach((ref, index) => {
    ranks[index] = PLAN_ACTION_ORDER.indexOf(lines.action(ref));
    names[index] = lines.userName(ref).toLowerCase();
    order[index] = index;
  });
  order.sort((a, b) => ranks[a]! - ranks[b]! || names[a]!.localeCompare(names[b]!));
  return order.map((index) => refs[index]!);
}

export function countActions(
  refs: readonly LineRef[],
  unchanged: number,
  lines: DirectoryLines,
): PlanCounts {
  const counts = emptyPlanCounts(unchanged);
  for (const ref of refs) counts[lines.action(ref)] += 1;
  return counts;
}

/** The lines' objects, made one at a time. */
export function* eachLine(
  refs: readonly LineRef[],
  lines: DirectoryLines,
): Generator<PlannedUserChange> {
  for (const ref of refs) yield lines.line(ref);
}

/**
 * SHA-256 of `JSON.stringify({ changes, counts })`, the changes in their
 * (deterministic) order. Hashed a line at a time: the plan of a first sync
 * of 100,000 users is a 40 MB string when written out whole.
 */
export function planFingerprint(changes: Iterable<PlannedUserChange>, counts: PlanCounts): string {
  const hash = createHash('sha256').update('{"changes":[');
  let first = true;
  for (const change of changes) {
    if (!first) hash.update(',');
    first = false;
    hash.update(JSON.stringify(change));
  }
  return hash.update(`],"counts":${JSON.stringify(counts)}}`).digest('hex');
}
