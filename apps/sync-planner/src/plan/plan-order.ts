import { createHash } from 'node:crypto';
import { emptyPlanCounts, PLAN_ACTION_ORDER, type PlanCounts } from '@dirsync/contracts';
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

/** Each line's text for the fingerprint, in parts (DirectoryLines.canonicalTextParts), one at a time. */
export function* eachLineTextParts(
  refs: readonly LineRef[],
  lines: DirectoryLines,
): Generator<readonly string[]> {
  for (const ref of refs) yield lines.canonicalTextParts(ref);
}

/**
 * SHA-256 of the lines' texts in the plan's (deterministic) order, each
 * after its length (so no two plans run together the same way), then the
 * counts as JSON. A line at a time, its parts one after the other, and a
 * create line without making its object: a first sync's plan has one per
 * directory user.
 */
export function planFingerprint(
  lineTexts: Iterable<readonly string[]>,
  counts: PlanCounts,
): string {
  const hash = createHash('sha256');
  for (const parts of lineTexts) {
    let length = 0;
    for (const part of parts) length += part.length;
    hash.update(`${length}:`);
    for (const part of parts) hash.update(part);
  }
  return hash.update(JSON.stringify(counts)).digest('hex');
}
