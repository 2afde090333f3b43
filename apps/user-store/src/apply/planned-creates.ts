/**
 * The users a run's plan creates: its staged create lines, each with the id
 * its user gets (`user_id`, given when the line was staged: see the
 * migration StagedCreatesCarryTheirUserId1802000000000). The users, their
 * addresses, their archive folders and their events are each written from
 * the staged lines by one statement (`FROM ${PlannedCreates.lines} WHERE
 * ${PlannedCreates.ofRun}`, with the run's id as `$1`), so no create line travels to Node and back (for 100,000
 * creates that was 1.6 s of reading the staged lines and about 3 s of
 * building rows), and none is copied again inside the apply.
 */
export class PlannedCreates {
  /**
   * Staged lines as `p`: a create line has `position` (its place in the
   * plan), `user_id`, `user_name`, `full_name`, `external_id`, `dn`,
   * `email_addresses` and `privileges` (text arrays, as staged).
   */
  static readonly lines = 'sync_plan_changes AS p';
  /** Of `lines`, the create lines of run `$1`. */
  static readonly ofRun = `p.run_id = $1 AND p.action = 'create'`;

  /**
   * @param runId the run whose plan creates them
   * @param count how many lines there are
   * @param clockMs the clock of the ids the apply gives the new users'
   *   folders and events (orderedUuidSql), read once
   */
  constructor(
    readonly runId: string,
    readonly count: number,
    readonly clockMs: number,
  ) {}
}
