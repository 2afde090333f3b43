import type { StoredUser } from '@dirsync/contracts';
import { AppError } from '@dirsync/service-kit';
import { withDirectoryFields } from '../users/stored-user.mapper';
import type { UserChange, UserRemoval } from '../users/user-change';
import { diffFields, isRename } from '@dirsync/user-diff';
import { sameFieldChanges } from './field-changes';
import type { PlanLines } from './plan-lines';

interface StoreProblem {
  userId: string;
  userName: string;
  problem: string;
  /** `local-user`: the plan would touch a user a sync never touches. `stale`: the store moved on since the plan. */
  kind: 'local-user' | 'stale';
}

/**
 * Checks a plan's lines against the store as it is now (rows locked): every
 * user the plan changes or deletes must still exist, be a directory user, be
 * the same directory entry, and hold exactly the values the planner saw.
 * Anything else refuses the whole plan, so a plan made against another state
 * of the store can never half-apply.
 */
export function checkAgainstStore(
  lines: PlanLines,
  stored: ReadonlyMap<string, StoredUser>,
): { changes: UserChange[]; removals: UserRemoval[] } {
  const problems: StoreProblem[] = [];
  const changes: UserChange[] = [];
  const removals: UserRemoval[] = [];

  const directoryUser = (userId: string, userName: string): StoredUser | undefined => {
    const user = stored.get(userId);
    if (!user) {
      problems.push({
        userId,
        userName,
        kind: 'stale',
        problem: 'no such user in the store any more',
      });
    } else if (user.authMethod !== 'directory') {
      problems.push({
        userId,
        userName,
        kind: 'local-user',
        problem: 'a sync never changes or deletes local users',
      });
    } else {
      return user;
    }
    return undefined;
  };

  for (const line of lines.changes) {
    const before = directoryUser(line.userId, line.directoryUser.userName);
    if (!before) continue;
    const report = (problem: string) =>
      problems.push({ userId: line.userId, userName: before.userName, kind: 'stale', problem });
    if (before.externalId !== line.directoryUser.externalId) {
      report(
        `the store holds directory entry ${before.externalId ?? '?'}, the plan ${line.directoryUser.externalId}`,
      );
      continue;
    }
    const fieldChanges = diffFields(line.directoryUser, before);
    if (!sameFieldChanges(fieldChanges, line.fieldChanges)) {
      report('the stored values differ from those the plan was made against');
      continue;
    }
    if (isRename(fieldChanges) !== (line.action === 'rename')) {
      report(
        `a change of user name or DN is a rename, other changes an update (the plan says ${line.action})`,
      );
      continue;
    }
    changes.push({
      action: line.action,
      before,
      after: withDirectoryFields(before, line.directoryUser),
      fieldChanges,
    });
  }

  for (const line of lines.deletes) {
    const user = directoryUser(line.userId, line.userName);
    if (user) removals.push({ user, reason: line.reason });
  }

  if (problems.length > 0) throw refusal(problems);
  return { changes, removals };
}

function refusal(problems: StoreProblem[]): AppError {
  const local = problems.some((problem) => problem.kind === 'local-user');
  const details = problems.map(({ userId, userName, problem }) => ({ userId, userName, problem }));
  return local
    ? new AppError('conflict', 'refusing the plan: it would change or delete local users', {
        details,
      })
    : new AppError('stale-plan', 'refusing the plan: the store changed since it was made', {
        details,
      });
}
