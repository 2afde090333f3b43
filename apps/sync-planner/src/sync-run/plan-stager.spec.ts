import {
  emptyPlanCounts,
  PLAN_PAGE_SIZE,
  type PlannedUserChange,
  type RpcReply,
  type RpcRequest,
  type SingleReplyRoutingKey,
} from '@dirsync/contracts';
import type { LineRef, PlanLines } from '../plan/directory-lines';
import type { BuiltPlan } from '../plan/plan-sync';
import { ScriptedRpcClient } from '../../test/scripted-rpc-client';
import { EARLY_PAGE_LINES, PlanStager } from './plan-stager';
import { RunLedgerClient } from './run-ledger.client';

const run = { runId: '6e61c6ac-d976-4db7-9d30-7f67ba2baba4', leaseToken: 7 };

/** `count` keep lines (what they say does not matter here). */
function linesOf(count: number, from = 0): PlannedUserChange[] {
  return Array.from({ length: count }, (_, i) => ({
    action: 'keep',
    userName: `user${from + i}`,
    userId: `id-${from + i}`,
    reason: 'out-of-scope',
  }));
}

/**
 * A built plan of `changes`: those among the lines offered (`offered`, in
 * the order offered) by their number, as the builder names them, any other
 * as an object.
 */
function planOf(changes: PlannedUserChange[], offered: PlannedUserChange[] = []): BuiltPlan {
  const numbers = new Map(offered.map((line, number) => [line, number]));
  return {
    fingerprint: 'f',
    lines: changes.map((line): LineRef => numbers.get(line) ?? line),
    line: (ref) => (typeof ref === 'number' ? offered[ref]! : ref),
    counts: { ...emptyPlanCounts(), keep: changes.length },
    warnings: [],
  };
}

/** The builder's lines as a run offers them: `made` of `all` so far, and what it was told it may let go. */
class MadeLines implements PlanLines {
  count = 0;
  readonly released: [first: number, count: number][] = [];

  constructor(private readonly all: readonly PlannedUserChange[]) {}

  line(number: number): PlannedUserChange {
    return this.all[number]!;
  }

  release(first: number, count: number): void {
    this.released.push([first, count]);
  }

  made(count: number): this {
    this.count = count;
    return this;
  }
}

/** Answers plan pages only when the test says so, to see how many travel at once. */
class HeldPlanPages extends ScriptedRpcClient {
  /** By the page's first position. */
  readonly pending = new Map<number, (error?: Error) => void>();

  override call<K extends SingleReplyRoutingKey>(
    routingKey: K,
    request: RpcRequest<K>,
  ): Promise<RpcReply<K>> {
    if (routingKey !== 'runs.plan-page.v2') return super.call(routingKey, request);
    const { first } = request as RpcRequest<'runs.plan-page.v2'>;
    this.requests.push({ routingKey, request });
    return new Promise((resolve, reject) => {
      this.pending.set(first, (error) => {
        this.pending.delete(first);
        if (error) reject(error);
        else resolve({ runId: run.runId } as RpcReply<K>);
      });
    });
  }

  /** Each page's first position, in the order sent. */
  pageFirsts(): number[] {
    return this.requestsOf('runs.plan-page.v2').map((page) => page.first);
  }
}

/** The first positions of full pages number `pages`. */
const pagesAt = (...pages: number[]) => pages.map((page) => page * PLAN_PAGE_SIZE);

/** Lets every settled reply's continuation run. */
const settled = () => new Promise((resolve) => setImmediate(resolve));

describe(PlanStager.name, () => {
  let rpc: HeldPlanPages;
  let sut: PlanStager;

  beforeEach(() => {
    rpc = new HeldPlanPages();
    rpc.answer('runs.plan-complete.v2', () => ({ runId: run.runId }));
    sut = new PlanStager(new RunLedgerClient(rpc), run);
  });

  /** Answers the oldest page in flight, `times` times, noting what was in flight before each. */
  async function answerPages(times: number): Promise<number[][]> {
    const inFlight: number[][] = [];
    for (let answered = 0; answered < times; answered += 1) {
      await settled();
      inFlight.push([...rpc.pending.keys()]);
      rpc.pending.get(Math.min(...rpc.pending.keys()))?.();
    }
    await settled();
    return inFlight;
  }

  it('stages full pages as lines are offered, three in flight, and the rest once the plan is made', async () => {
    const lines = linesOf(4 * PLAN_PAGE_SIZE + 10);
    const made = new MadeLines(lines);
    sut.offer(made.made(2_500));
    sut.offer(made.made(lines.length));
    await settled();

    expect(rpc.pageFirsts()).toEqual(pagesAt(0, 1, 2));
    // Each page sent: its lines may go (the staged plan holds them once it is answered).
    expect(made.released).toEqual([
      [0, PLAN_PAGE_SIZE],
      [PLAN_PAGE_SIZE, PLAN_PAGE_SIZE],
      [2 * PLAN_PAGE_SIZE, PLAN_PAGE_SIZE],
    ]);
    const inFlight = await answerPages(2);
    expect(rpc.pageFirsts()).toEqual(pagesAt(0, 1, 2, 3));
    expect(made.released).toHaveLength(4);

    const plan = planOf(lines, lines);
    const completing = sut.complete(plan);
    inFlight.push(...(await answerPages(3)));
    await completing;

    expect(inFlight).toEqual(
      [[0, 1, 2], [1, 2, 3], [2, 3, 4], [3, 4], [4]].map((pages) => pagesAt(...pages)),
    );
    const pages = rpc.requestsOf('runs.plan-page.v2');
    expect(pages.map((page) => [page.first, page.changes.length])).toEqual([
      [0, 1_000],
      [1_000, 1_000],
      [2_000, 1_000],
      [3_000, 1_000],
      [4_000, 10],
    ]);
    expect(pages[1]?.changes[0]).toBe(lines[PLAN_PAGE_SIZE]);
    expect(rpc.requestsOf('runs.plan-complete.v2')).toEqual([
      {
        ...run,
        lines: 4 * PLAN_PAGE_SIZE + 10,
        summary: { fingerprint: 'f', counts: plan.counts, warnings: [] },
        withdrawn: [],
      },
    ]);
  });

  it('sends the lines made so far as a page of their own once EARLY_PAGE_LINES wait and no page travels', async () => {
    const lines = linesOf(320);
    const made = new MadeLines(lines);
    sut.offer(made.made(EARLY_PAGE_LINES - 1));
    await settled();
    expect(rpc.pageFirsts()).toEqual([]);

    sut.offer(made.made(150));
    sut.offer(made.made(300));
    await settled();
    expect(rpc.pageFirsts()).toEqual([0]);
    await answerPages(1);
    expect(rpc.pageFirsts()).toEqual([0, 150]);
    await answerPages(1);
    sut.offer(made.made(320));
    await settled();
    expect(rpc.pageFirsts()).toEqual([0, 150]);

    const completing = sut.complete(planOf(lines, lines));
    await answerPages(1);
    await completing;

    const pages = rpc.requestsOf('runs.plan-page.v2');
    expect(pages.map((page) => [page.first, page.changes.length])).toEqual([
      [0, 150],
      [150, 150],
      [300, 20],
    ]);
    expect(made.released).toEqual([
      [0, 150],
      [150, 150],
    ]);
    expect(rpc.requestsOf('runs.plan-complete.v2')).toMatchObject([{ lines: 320, withdrawn: [] }]);
  });

  it('withdraws the staged lines the finished plan dropped, and stages the lines it added', async () => {
    const lines = linesOf(PLAN_PAGE_SIZE + 5);
    sut.offer(new MadeLines(lines).made(lines.length));
    await answerPages(1);
    const added = linesOf(2, 5_000);
    // The plan drops the 4th line staged and the 2nd of those not staged yet, and adds two.
    const plan = planOf(
      [...added, ...lines.filter((_, i) => i !== 3 && i !== PLAN_PAGE_SIZE + 1)],
      lines,
    );

    const completing = sut.complete(plan);
    await answerPages(1);
    await completing;

    const [, last] = rpc.requestsOf('runs.plan-page.v2');
    expect(last?.first).toBe(PLAN_PAGE_SIZE);
    expect(last?.changes).toEqual([
      ...added,
      ...lines.slice(PLAN_PAGE_SIZE).filter((_, i) => i !== 1),
    ]);
    expect(rpc.requestsOf('runs.plan-complete.v2')[0]).toMatchObject({
      lines: 1_006,
      withdrawn: [3],
    });
  });

  it('says when the pages sent so far are staged, not waiting for pages sent after', async () => {
    const lines = linesOf(5 * PLAN_PAGE_SIZE);
    sut.offer(new MadeLines(lines).made(lines.length));
    let staged = false;
    const waiting = sut.whenSentPagesStaged().then(() => (staged = true));

    await answerPages(2);
    expect(staged).toBe(false);
    expect(rpc.pageFirsts()).toEqual(pagesAt(0, 1, 2, 3, 4));
    await answerPages(1);
    await waiting;
    expect(staged).toBe(true);
    expect([...rpc.pending.keys()]).toEqual(pagesAt(3, 4));
  });

  it('says a sent page failed when asked whether the pages sent are staged', async () => {
    sut.offer(new MadeLines(linesOf(PLAN_PAGE_SIZE)).made(PLAN_PAGE_SIZE));
    const waiting = sut.whenSentPagesStaged();
    await settled();
    rpc.pending.get(0)?.(new Error('lease lost'));
    await expect(waiting).rejects.toThrow('lease lost');
  });

  it('completes an empty plan without a page', async () => {
    await sut.complete(planOf([]));

    expect(rpc.pageFirsts()).toEqual([]);
    expect(rpc.requestsOf('runs.plan-complete.v2')).toMatchObject([{ lines: 0, withdrawn: [] }]);
  });

  it('starts no page after one fails, and never completes the plan', async () => {
    const lines = linesOf(6 * PLAN_PAGE_SIZE);
    sut.offer(new MadeLines(lines).made(lines.length));
    const refused = expect(sut.complete(planOf(lines, lines))).rejects.toThrow('lease lost');

    await settled();
    rpc.pending.get(0)?.(new Error('lease lost'));
    await settled();
    for (const answer of [...rpc.pending.values()]) answer();
    await settled();

    await refused;
    expect(rpc.pageFirsts()).toEqual(pagesAt(0, 1, 2));
    expect(rpc.requestsOf('runs.plan-complete.v2')).toEqual([]);
  });
});
