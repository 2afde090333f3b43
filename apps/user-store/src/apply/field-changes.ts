import type { FieldChange } from '@dirsync/contracts';
import { sameFieldValue } from '@dirsync/user-diff';

/** The same fields with the same old and new values, in any order. */
export function sameFieldChanges(a: readonly FieldChange[], b: readonly FieldChange[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((change) => {
    const other = b.find((candidate) => candidate.field === change.field);
    return (
      other !== undefined &&
      sameFieldValue(change.old, other.old) &&
      sameFieldValue(change.new, other.new)
    );
  });
}
