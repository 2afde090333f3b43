import { createHash } from 'node:crypto';
import {
  emptyPlanCounts,
  PLAN_ACTION_ORDER,
  type PlanCounts,
  type PlannedUserChange,
  type Privilege,
} from '@dirsync/contracts';
import type { DirectoryLines, LineRef } from './directory-lines';
import { LINE_DIGEST_BYTES } from './released-lines';

/**
 * A plan's lines in the order a plan lists them: by action, then by user
 * name case-insensitively (stable). user-store lists a staged plan the same
 * way (runs.changes.v1); the builder keeps its lines in the order made.
 */
export function sortChanges(changes: readonly PlannedUserChange[]): PlannedUserChange[] {
  const ranks = changes.map((change) => PLAN_ACTION_ORDER.indexOf(change.action));
  const names = changes.map((change) => change.userName.toLowerCase());
  const order = changes.map((_, index) => index);
  order.sort((a, b) => ranks[a]! - ranks[b]! || names[a]!.localeCompare(names[b]!));
  return order.map((index) => changes[index]!);
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

/** The lines' digests (DirectoryLines.digest) side by side, LINE_DIGEST_BYTES each. */
export function lineDigests(refs: readonly LineRef[], lines: DirectoryLines): Buffer {
  const digests = Buffer.allocUnsafe(refs.length * LINE_DIGEST_BYTES);
  refs.forEach((ref, index) => lines.writeDigest(ref, digests, index * LINE_DIGEST_BYTES));
  return digests;
}

/**
 * The plan's fingerprint: SHA-256 of the new users' privileges (JSON), the
 * lines' digests (`lineDigests`) in byte order, then the counts (JSON).
 * In byte order, the fingerprint is the plan's whatever order its lines
 * were made in (the directory may list its entries in another order next
 * time), and the end of a plan needs no line's text: a first sync's create
 * lines are let go once staged, their digests kept (ReleasedLines).
 */
export function planFingerprint(
  digests: Buffer,
  counts: PlanCounts,
  newUserPrivileges: readonly Privilege[],
): string {
  return createHash('sha256')
    .update(JSON.stringify(newUserPrivileges))
    .update(inByteOrder(digests))
    .update(JSON.stringify(counts))
    .digest('hex');
}

/** Digests of LINE_DIGEST_BYTES sorted as bytes, into a new buffer. */
function inByteOrder(digests: Buffer): Buffer {
  const count = digests.length / LINE_DIGEST_BYTES;
  // Their first 6 bytes as a number decide nearly every comparison.
  const leads = new Float64Array(count);
  for (let index = 0; index < count; index += 1) {
    leads[index] = digests.readUIntBE(index * LINE_DIGEST_BYTES, 6);
  }
  const order = Uint32Array.from({ length: count }, (_, index) => index);
  order.sort(
    (a, b) =>
      leads[a]! - leads[b]! ||
      digests.compare(
        digests,
        b * LINE_DIGEST_BYTES,
        (b + 1) * LINE_DIGEST_BYTES,
        a * LINE_DIGEST_BYTES,
        (a + 1) * LINE_DIGEST_BYTES,
      ),
  );
  const sorted = Buffer.allocUnsafe(digests.length);
  order.forEach((from, to) => {
    digests.copy(
      sorted,
      to * LINE_DIGEST_BYTES,
      from * LINE_DIGEST_BYTES,
      (from + 1) * LINE_DIGEST_BYTES,
    );
  });
  return sorted;
}
