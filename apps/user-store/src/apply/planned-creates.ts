import { randomBytes } from 'node:crypto';
import { orderedUuidSql } from '../database/ordered-uuid';

/**
 * The users a run's plan creates: its staged create lines
 * (`sync_plan_changes`, action `create`), read where they are staged by
 * each of the statements that write the users, their addresses, their
 * archive folders and their events, so no create line travels to Node and
 * back (for 100,000 creates that was 1.6 s of reading the staged lines and
 * about 3 s of building rows).
 *
 * Every statement gives a line's user the same id, computed from the line's
 * position (see `userIdSql`) rather than drawn once into a table of its own:
 * that copy of the lines cost 0.25–0.4 s for 100,000 creates and saved the
 * four statements nothing (1.83–1.86 against 1.95–2.22 s for the five and
 * the four, measured with psql on a staged plan of 100,000 lines).
 */
export class PlannedCreates {
  /**
   * The parameters every statement over the lines starts with: `$1` the
   * run, `$2` the clock, `$3` the random bits of the users' ids. A statement
   * numbers its own parameters from `$4`.
   */
  readonly params: readonly [string, number, Buffer];

  /**
   * @param runId the run whose staged lines these are
   * @param count how many create lines are staged
   * @param clockMs the clock of the ids the apply gives the new users, their
   *   folders and their events (orderedUuidSql), read once
   */
  constructor(
    runId: string,
    readonly count: number,
    clockMs: number,
  ) {
    // 48 random bits shared by the run's new users' ids, which differ by their counter.
    this.params = [runId, clockMs, randomBytes(6)];
  }

  /** The run's staged create lines, as a table expression (`$1`): name it with AS. */
  static readonly lines = `(SELECT * FROM sync_plan_changes WHERE run_id = $1 AND action = 'create')`;

  /** The id of the user a line (`alias`, from `lines`) creates: the same in every statement. */
  static userIdSql(alias: string): string {
    return orderedUuidSql(`${alias}.position`, '$2', '$3::bytea');
  }

  /** A fresh id for a row written for a line (`alias`): a folder, an event. */
  static rowIdSql(alias: string): string {
    return orderedUuidSql(`${alias}.position`, '$2');
  }
}
