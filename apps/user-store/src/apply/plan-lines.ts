import type { DirectoryUser, FieldChange } from '@dirsync/contracts';
import { AppError } from '@dirsync/service-kit';
import type { LineProblem, StagedLine } from '../runs/plan-staging.repository';

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

/**
 * A chunk of a plan's lines that change or delete stored users, by what they
 * do. (Creates never come through here: they are written set-based from the
 * staged plan, see PlannedCreates.) Each line's shape was checked against its
 * action's contract when its page was staged (runs.plan-page.v2).
 */
export interface PlanLines {
  changes: ChangeLine[];
  deletes: DeleteLine[];
}

/** Sorts a chunk of staged lines by what they do to stored users; creates are refused. */
export function toPlanLines(chunk: readonly StagedLine[]): PlanLines {
  const lines: PlanLines = { changes: [], deletes: [] };
  for (const { position, change } of chunk) {
    switch (change.action) {
      case 'update':
      case 'rename':
        lines.changes.push({
          action: change.action,
          userId: change.userId,
          directoryUser: change.directoryUser,
          fieldChanges: change.fieldChanges,
        });
        break;
      case 'delete':
        lines.deletes.push({
          userId: change.userId,
          userName: change.userName,
          reason: change.reason,
        });
        break;
      case 'create':
        // A caller asking for the wrong actions: a bug here, not a bad plan.
        throw new Error(`line ${position}: creates are applied from the staged plan, not sorted`);
    }
  }
  return lines;
}

/** The stored users a chunk touches. */
export function touchedUserIds(lines: PlanLines): string[] {
  return [...lines.changes.map((line) => line.userId), ...lines.deletes.map((line) => line.userId)];
}

/** The refusal of a plan naming every line that cannot be applied. */
export function lineRefusal(problems: readonly LineProblem[]): AppError {
  return new AppError(
    'invalid-message',
    `refusing the plan: ${problems.length} line(s) cannot be applied`,
    { details: problems },
  );
}
