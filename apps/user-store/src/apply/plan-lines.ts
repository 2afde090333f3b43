import type { DirectoryUser, FieldChange, PlannedUserChange, Privilege } from '@dirsync/contracts';
import { AppError } from '@dirsync/service-kit';

export interface CreateLine {
  directoryUser: DirectoryUser;
  privileges: Privilege[];
}

export interface ChangeLine {
  action: 'update' | 'rename';
  userId: string;
  directoryUser: DirectoryUser;
  /** What the planner saw change; the store checks it against what it holds. */
  fieldChanges: FieldChange[];
}

export interface DeleteLine {
  userId: string;
  userName: string;
  reason: string;
}

/** A plan's lines by what they do to the store. */
export interface PlanLines {
  creates: CreateLine[];
  changes: ChangeLine[];
  deletes: DeleteLine[];
}

export interface LineProblem {
  line: number;
  userName: string;
  problem: string;
}

/**
 * Sorts the lines of a plan to apply, or refuses the whole plan (nothing is
 * applied) if any line is not something the store applies or names a user
 * twice. Each line's shape was checked against its action's contract when
 * its page was staged (runs.plan-page.v1). Only create/update/rename/delete
 * change the store; a keep or a conflict reaching the store means the
 * caller filtered wrongly.
 */
export function toPlanLines(changes: readonly PlannedUserChange[]): PlanLines {
  const lines: PlanLines = { creates: [], changes: [], deletes: [] };
  const problems: LineProblem[] = [];
  const seenUserIds = new Set<string>();
  const seenExternalIds = new Set<string>();

  changes.forEach((change, line) => {
    const refuse = (problem: string) => problems.push({ line, userName: change.userName, problem });
    const userId = 'userId' in change ? change.userId : undefined;
    if (userId !== undefined) {
      if (seenUserIds.has(userId)) refuse(`user ${userId} appears on more than one line`);
      seenUserIds.add(userId);
    }
    if ('directoryUser' in change) {
      const externalId = change.directoryUser.externalId;
      if (seenExternalIds.has(externalId))
        refuse(`directory entry ${externalId} appears on more than one line`);
      seenExternalIds.add(externalId);
    }

    switch (change.action) {
      case 'create':
        lines.creates.push({
          directoryUser: change.directoryUser,
          privileges: [...change.privileges],
        });
        return;
      case 'update':
      case 'rename':
        lines.changes.push({
          action: change.action,
          userId: change.userId,
          directoryUser: change.directoryUser,
          fieldChanges: change.fieldChanges,
        });
        return;
      case 'delete':
        lines.deletes.push({
          userId: change.userId,
          userName: change.userName,
          reason: change.reason,
        });
        return;
      case 'keep':
      case 'conflict':
        return refuse(
          `"${change.action}" is reported only; the store applies create, update, rename and delete`,
        );
    }
  });

  if (problems.length > 0) {
    throw new AppError(
      'invalid-message',
      `refusing the plan: ${problems.length} line(s) cannot be applied`,
      {
        details: problems,
      },
    );
  }
  return lines;
}

/** The stored users a plan touches (they are locked before anything is written). */
export function touchedUserIds(lines: PlanLines): string[] {
  return [...lines.changes.map((line) => line.userId), ...lines.deletes.map((line) => line.userId)];
}
