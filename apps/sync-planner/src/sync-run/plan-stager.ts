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
 * While the directory is read and no page travels, the lines made so far go
 * as a page of their own once there are this many, so a re-sync's few
 * changes are mostly staged before the read ends: the last page was all of
 * them, staged after it (1,000 update lines: 0.03–0.04 s, measured).
 */
export const EARLY_PAGE_LINES = 100;

/** A page to send: its lines, at positions first + i. */
interface Page {
  first: number;
  lines: PlannedUserChange[];
}

/**
 * Stages a run's plan beside the run while it is made: the lines the
 * builder keeps as the directory is read go out a full page at a time
 * (a first sync's creates are written while the directory is still read,
 * not after), or as they come when no page travels (EARLY_PAGE_LINES), and
 * `complete` sends the rest once the plan is finished, withdraws the staged
 * lines the finished plan dropped, and completes it with its summary. Never
 * one message the size of the directory.
 *
 * The lines are the builder's own, by number from 0 (PlanLines): a line
 * staged while the directory is read is at the position of its number, the
 * finished plan names them by number (BuiltPlan), and a page's objects are
 * made when it is sent and let go once it is. Once a page is sent, the
 * builder is told it may let its lines go (`release`): the staged plan
 * holds them once the page is answered, and a page that fails fails the
 * run. A line is read back from the staged plan only after
 * `whenSentPagesStaged`. The lines are staged in the order they were made;
 * user-store lists a plan by action and user name. After any page fails no
 * page is started and the plan is never completed: the run fails as it is.
 */
export class PlanStager {
  private lines: PlanLines | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  /** Positions sent so far: 0 … sent − 1. */
  private sent = 0;
  private failure: { error: unknown } | undefined;

  constructor(
    private readonly ledger: RunLedgerClient,
    private readonly run: HeldRun,
  ) {}

  /** The builder's lines so far (it may keep them all): staged a page at a time. */
  offer(lines: PlanLines): void {
    this.lines = lines;
    this.sendPages();
  }

  /** The plan is made: stages what is left of it, withdraws what it dropped, and completes it. */
  async complete(plan: BuiltPlan): Promise<void> {
    this.lines = undefined;
    // The pages sent so far hold lines 0 to `staged` − 1.
    const staged = this.sent;
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
    const restPages = (): Page | undefined => {
      if (next >= rest.length) return undefined;
      const lines = rest.slice(next, next + PLAN_PAGE_SIZE).map((ref) => plan.line(ref));
      next += lines.length;
      return { first: staged + next - lines.length, lines };
    };
    for (;;) {
      this.send(restPages);
      if (this.inFlight.size === 0) break;
      await Promise.race(this.inFlight);
    }
    if (this.failure) throw this.failure.error;
    await this.ledger.completePlan(this.run, staged + rest.length, plan, withdrawn);
  }

  /**
   * Resolves once every page sent so far is staged (pages sent meanwhile
   * are not waited for); throws if one failed.
   */
  async whenSentPagesStaged(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
    if (this.failure) throw this.failure.error;
  }

  /**
   * While the plan is made: the next page of the builder's lines, if there
   * is one: a full page, or the lines made so far when no page travels and
   * there are EARLY_PAGE_LINES of them.
   */
  private sendPages(): void {
    this.send(() => {
      const lines = this.lines;
      if (!lines) return undefined;
      const first = this.sent;
      const waiting = lines.count - first;
      const size =
        waiting >= PLAN_PAGE_SIZE || (waiting >= EARLY_PAGE_LINES && this.inFlight.size === 0)
          ? Math.min(waiting, PLAN_PAGE_SIZE)
          : 0;
      if (size === 0) return undefined;
      const page = Array.from({ length: size }, (_, i) => lines.line(first + i));
      lines.release(first, size);
      return { first, lines: page };
    });
  }

  /** Starts the pages `nextPage` gives while fewer than STAGING_PAGES_IN_FLIGHT travel. */
  private send(nextPage: () => Page | undefined): void {
    while (!this.failure && this.inFlight.size < STAGING_PAGES_IN_FLIGHT) {
      const next = nextPage();
      if (!next) return;
      this.sent = next.first + next.lines.length;
      const page: Promise<void> = this.ledger.stagePage(this.run, next.first, next.lines).then(
        () => {
          this.inFlight.delete(page);
          this.sendPages();
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
