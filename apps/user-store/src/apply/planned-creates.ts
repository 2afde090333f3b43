/**
 * The users a run's plan creates, drawn from its staged create lines into a
 * temporary table of the apply's transaction (PlanStagingRepository
 * `plannedCreates`), one row per line with the id the user gets (ordered
 * by the line's position: see orderedUuidSql):
 * `position` (the line's place in the plan), `id`, `user_name`,
 * `full_name`, `external_id`, `dn`, `email_addresses` and `privileges`
 * (text arrays, as they are staged). The users, their addresses,
 * their archive folders and their events are each written from it by one
 * statement, so no create line travels to Node and back: for 100,000 creates
 * that was 1.6 s of reading the staged lines and about 3 s of building rows.
 */
export class PlannedCreates {
  static readonly table = 'planned_creates';

  /**
   * @param count how many lines were drawn
   * @param clockMs the clock of the ids the apply gives the new users, their
   *   folders and their events (orderedUuidSql), read once when drawn
   */
  constructor(
    readonly count: number,
    readonly clockMs: number,
  ) {}
}
