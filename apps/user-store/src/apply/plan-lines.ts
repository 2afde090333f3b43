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
 * Sorts the lines of a plan to apply, chunk after chunk, and collects what
 * refuses the whole plan (nothing is applied): a line that is not something
 * the store applies, or a user or directory entry on two lines of the plan
 * (remembered across chunks). Each line's shape was checked against its
 * action's contract when its page was staged (runs.plan-page.v1). Only
 * create/update/rename/delete change the store; a keep or a conflict
 * reaching the store means the caller filtered wrongly.
 */
export class PlanLineReader {
  private readonly seenUserIds = new Set<string>();
  private readonly seenExternalIds = new Set<string>();
  private readonly problems: LineProblem[] = [];

  /** True once any line read so far refuses the plan. */
  get refused(): boolean {
    return this.problems.length > 0;
  }

  /** One chunk's lines by what they do; `position` is the line's place in the plan. */
  read(chunk: readonly { position: number; change: PlannedUserChange }[]): PlanLines {
    const lines: PlanLines = { creates: [], changes: [], deletes: [] };
    for (const { position, change } of chunk) {
      const refuse = (problem: string) =>
        this.problems.push({ line: position, userName: change.userName, problem });
      const userId = 'userId' in change ? change.userId : undefined;
      if (userId !== undefined) {
        if (this.seenUserIds.has(userId)) refuse(`user ${userId} appears on more than one line`);
        this.seenUserIds.add(userId);
      }
      if ('directoryUser' in change) {
        const externalId = change.directoryUser.externalId;
        if (this.seenExternalIds.has(externalId))
          refuse(`directory entry ${externalId} appears on more than one line`);
        this.seenExternalIds.add(externalId);
      }

      switch (change.action) {
        case 'create':
          lines.creates.push({
            directoryUser: change.directoryUser,
            privileges: [...change.privileges],
          });
          break;
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
        case 'keep':
        case 'conflict':
          refuse(
            `"${change.action}" is reported only; the store applies create, update, rename and delete`,
          );
      }
    }
    return lines;
  }

  /** Throws the refusal naming every bad line read, if there is any. */
  throwIfRefused(): void {
    if (!this.refused) return;
    throw new AppError(
      'invalid-message',
      `refusing the plan: ${this.problems.length} line(s) cannot be applied`,
      { details: this.problems },
    );
  }
}

/** A whole plan's lines at once (the lines numbered from 0), or its refusal. */
export function toPlanLines(changes: readonly PlannedUserChange[]): PlanLines {
  const reader = new PlanLineReader();
  const lines = reader.read(changes.map((change, position) => ({ position, change })));
  reader.throwIfRefused();
  return lines;
}

/** The stored users a plan touches (they are locked before anything is written). */
export function touchedUserIds(lines: PlanLines): string[] {
  return [...lines.changes.map((line) => line.userId), ...lines.deletes.map((line) => line.userId)];
}
