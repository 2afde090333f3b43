import type { DirectoryUser, FieldChange, StoredUser, UserFieldValue } from '@dirsync/contracts';

const lower = (value: string) => value.toLowerCase();

/**
 * What applying `directoryUser` changes in `stored`, field by field. The same
 * rules as the planner's diff: names and DNs compare exactly (a change of
 * case is a rename), addresses case-insensitively and in order (the first is
 * the primary).
 */
export function diffFields(directoryUser: DirectoryUser, stored: StoredUser): FieldChange[] {
  const changes: FieldChange[] = [];
  if (directoryUser.userName !== stored.userName) {
    changes.push({ field: 'userName', old: stored.userName, new: directoryUser.userName });
  }
  if (directoryUser.dn !== stored.dn)
    changes.push({ field: 'dn', old: stored.dn, new: directoryUser.dn });
  const fullName = directoryUser.fullName ?? null;
  if (fullName !== stored.fullName)
    changes.push({ field: 'fullName', old: stored.fullName, new: fullName });
  if (!sameValue(directoryUser.emailAddresses, stored.emailAddresses)) {
    changes.push({
      field: 'emailAddresses',
      old: [...stored.emailAddresses],
      new: [...directoryUser.emailAddresses],
    });
  }
  return changes;
}

/** The same fields with the same old and new values, in any order. */
export function sameFieldChanges(a: readonly FieldChange[], b: readonly FieldChange[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((change) => {
    const other = b.find((candidate) => candidate.field === change.field);
    return (
      other !== undefined && sameValue(change.old, other.old) && sameValue(change.new, other.new)
    );
  });
}

/** A user name or DN change makes a rename (same person, new name or place in the directory). */
export function isRename(changes: readonly FieldChange[]): boolean {
  return changes.some((change) => change.field === 'userName' || change.field === 'dn');
}

function sameValue(a: UserFieldValue | undefined, b: UserFieldValue | undefined): boolean {
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((value, i) => lower(value) === lower(b[i] ?? ''));
  }
  return (a ?? null) === (b ?? null);
}
