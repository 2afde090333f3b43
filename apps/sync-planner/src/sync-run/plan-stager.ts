import { PLAN_PAGE_SIZE, type PlannedUserChange } from '@dirsync/contracts';
import type { LineRef, PlanLines } from '../plan/directory-lines';
import type { BuiltPlan } from '../plan/plan-sync';
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
 * The lines are the builder's own, by number from 0 (PlanLines): a staged
 * line's position is its number, the finished plan names them by number
 * (BuiltPlan), and a page's objects are made when it is sent and let go
 * once it is. Once a page is sent, the builder is told it may let its
 * lines go (`release`): the staged plan holds them once the page is
 * answered, and a page that fails fails the run. A line is read back from
 * the staged plan only after `whenSentPagesStaged`. The lines are staged
 * in the order they were made; user-store lists a plan by action and user
 * name. After any page fails no page is
 * started and the plan is never completed: the run fails as it is.
 */
export class PlanStager {
  private lines: PlanLines | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  private pages = 0;
  private failure: { error: unknown } | undefined;

  constructor(
    private readonly ledger: RunLedgerClient,
    private readonly run: HeldRun,
  ) {}

  /** The builder's lines so far (it may keep them all): staged a full page at a time. */
  offer(lines: PlanLines): void {
    this.lines = lines;
    this.sendFullPages();
  }

  /** The plan is made: stages what is left of it, withdraws what it dropped, and completes it. */
  async complete(plan: BuiltPlan): Promise<void> {
    this.lines = undefined;
    // Pages sent so far are full: they hold lines 0 to `staged` − 1.
    const staged = this.pages * PLAN_PAGE_SIZE;
    const kept = new Uint8Array(staged);
    const rest: LineRef[] = [];
    for (const ref of plan.lines) {
      if (typeof ref === 'number' && ref < staged) kept[ref] = 1;
      else rest.push(ref);
    }
    const withdrawn: number[] = [];
    kept.forEach((isKept, position) => {
      if (!isKept) withdrawn.push(position);
    });
    let next = 0;
    const restPages = () => {
      if (next >= rest.length) return undefined;
      const page = rest.slice(next, next + PLAN_PAGE_SIZE).map((ref) => plan.line(ref));
      next += PLAN_PAGE_SIZE;
      return page;
    };
    for (;;) {
      this.send(restPages);
      if (this.inFlight.size === 0) break;
      await Promise.race(this.inFlight);
    }
    if (this.failure) throw this.failure.error;
    await this.ledger.completePlan(this.run, this.pages, plan, withdrawn);
  }

  /**
   * Resolves once every page sent so far is staged (pages sent meanwhile
   * are not waited for); throws if one failed.
   */
  async whenSentPagesStaged(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
    if (this.failure) throw this.failure.error;
  }

  /** While the plan is made: the next full page of the builder's lines, if there is one. */
  private sendFullPages(): void {
    this.send(() => {
      const lines = this.lines;
      const first = this.pages * PLAN_PAGE_SIZE;
      if (!lines || lines.count - first < PLAN_PAGE_SIZE) return undefined;
      const page = Array.from({ length: PLAN_PAGE_SIZE }, (_, i) => lines.line(first + i));
      lines.release(first, PLAN_PAGE_SIZE);
      return page;
    });
  }

  /** Starts the pages `nextPage` gives while fewer than STAGING_PAGES_IN_FLIGHT travel. */
  private send(nextPage: () => PlannedUserChange[] | undefined): void {
    while (!this.failure && this.inFlight.size < STAGING_PAGES_IN_FLIGHT) {
      const lines = nextPage();
      if (!lines) return;
      const sequence = this.pages++;
      const page: Promise<void> = this.ledger.stagePage(this.run, sequence, lines).then(
        () => {
          this.inFlight.delete(page);
          this.sendFullPages();
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
