import { PLAN_PAGE_SIZE, type PlannedUserChange, type SyncPlan } from '@dirsync/contracts';
import type { HeldRun, RunLedgerClient } from './run-ledger.client';

/**
 * Plan pages sent to user-store before the first is answered: one being
 * written, one waiting for the run's lock, one on the way. Fewer than
 * user-store's prefetch (4), so its heartbeats and other requests still
 * find a free handler.
 */
export const STAGING_PAGES_IN_FLIGHT = 3;

/**
 * Stages a run's plan beside the run while it is made: the lines the
 * builder keeps as the directory is read go out a full page at a time
 * (a first sync's creates are written while the directory is still read,
 * not after), and `complete` sends the rest once the plan is finished,
 * withdraws the staged lines the finished plan dropped, and completes it
 * with its summary. Never one message the size of the directory.
 *
 * The lines are staged in the order they were made; user-store lists a
 * plan by action and user name. After any page fails no page is started
 * and the plan is never completed: the run fails as it is.
 */
export class PlanStager {
  private readonly waiting: PlannedUserChange[] = [];
  /** Each staged line, with its position. */
  private readonly staged = new Map<PlannedUserChange, number>();
  private readonly inFlight = new Set<Promise<void>>();
  private pages = 0;
  private failure: { error: unknown } | undefined;

  constructor(
    private readonly ledger: RunLedgerClient,
    private readonly run: HeldRun,
  ) {}

  /** Lines made so far that the plan may keep: staged a full page at a time. */
  offer(lines: readonly PlannedUserChange[]): void {
    for (const line of lines) this.waiting.push(line);
    this.send(PLAN_PAGE_SIZE);
  }

  /** The plan is made: stages what is left of it, withdraws what it dropped, and completes it. */
  async complete(plan: SyncPlan): Promise<void> {
    const kept = new Set(plan.changes);
    const withdrawn: number[] = [];
    for (const [line, position] of this.staged) if (!kept.has(line)) withdrawn.push(position);
    this.waiting.length = 0;
    for (const line of plan.changes) if (!this.staged.has(line)) this.waiting.push(line);
    for (;;) {
      this.send(1);
      if (this.inFlight.size === 0) break;
      await Promise.race(this.inFlight);
    }
    if (this.failure) throw this.failure.error;
    await this.ledger.completePlan(this.run, this.pages, plan, withdrawn);
  }

  /** Starts pages of waiting lines while fewer than STAGING_PAGES_IN_FLIGHT travel, if at least `atLeast` wait. */
  private send(atLeast: number): void {
    while (
      !this.failure &&
      this.inFlight.size < STAGING_PAGES_IN_FLIGHT &&
      this.waiting.length >= atLeast &&
      this.waiting.length > 0
    ) {
      const sequence = this.pages++;
      const lines = this.waiting.splice(0, PLAN_PAGE_SIZE);
      lines.forEach((line, index) => this.staged.set(line, sequence * PLAN_PAGE_SIZE + index));
      const page: Promise<void> = this.ledger.stagePage(this.run, sequence, lines).then(
        () => {
          this.inFlight.delete(page);
          this.send(PLAN_PAGE_SIZE);
        },
        (error: unknown) => {
          this.inFlight.delete(page);
          this.failure ??= { error };
        },
      );
      this.inFlight.add(page);
    }
  }
}
