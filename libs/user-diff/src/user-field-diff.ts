import type {
  DirectoryUser,
  FieldChange,
  SyncedUserState,
  UserFieldValue,
} from '@dirsync/contracts';

/**
 * What makes a directory user different from the stored one, field by field:
 * the one rule that sync-planner plans with and user-store checks a plan
 * against before applying it (if they differed, every update would be
 * refused as stale). Names and DNs compare exactly (a change of case is a
 * rename); e-mail addresses case-insensitively and in order (the first is
 * the primary).
 */
export function diffFields(directoryUser: DirectoryUser, stored: SyncedUserState): FieldChange[] {
  const changes: FieldChange[] = [];
  if (directoryUser.userName !== stored.userName) {
    changes.push({ field: 'userName', old: stored.userName, new: directoryUser.userName });
  }
  if (directoryUser.dn !== stored.dn)
    changes.push({ field: 'dn', old: stored.dn, new: directoryUser.dn });
  const fullName = directoryUser.fullName ?? null;
  if (fullName !== stored.fullName)
    changes.push({ field: 'fullName', old: stored.fullName, new: fullName });
  if (!sameFieldValue(directoryUser.emailAddresses, stored.emailAddresses)) {
    changes.push({
      field: 'emailAddresses',
      old: [...stored.emailAddresses],
      new: [...directoryUser.emailAddresses],
    });
  }
  return changes;
}

/** A user name or DN change makes a rename: the same person with a new name or place. */
export function isRename(changes: readonly FieldChange[]): boolean {
  return changes.some((change) => change.field === 'userName' || change.field === 'dn');
}

/** Lists compare in order and case-insensitively (e-mail addresses); anything else exactly. */
export function sameFieldValue(
  a: UserFieldValue | undefined,
  b: UserFieldValue | undefined,
): boolean {
  if (Array.isArray(a) && Array.isArray(b)) {
    return (
      a.length === b.length &&
      a.every((value, i) => value.toLowerCase() === (b[i] ?? '').toLowerCase())
    );
  }
  return (a ?? null) === (b ?? null);
}
