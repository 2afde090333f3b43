import {
  emptyPlanCounts,
  PLAN_PAGE_SIZE,
  type PlannedUserChange,
  type RpcReply,
  type RpcRequest,
  type SingleReplyRoutingKey,
  type SyncPlan,
} from '@dirsync/contracts';
import { ScriptedRpcClient } from '../../test/scripted-rpc-client';
import { RunLedgerClient } from './run-ledger.client';

const run = { runId: '6e61c6ac-d976-4db7-9d30-7f67ba2baba4', leaseToken: 7 };

/** A plan of `pages` full pages of keep lines (what they say does not matter here). */
function planOf(pages: number): SyncPlan {
  const changes: PlannedUserChange[] = Array.from({ length: pages * PLAN_PAGE_SIZE }, (_, i) => ({
    action: 'keep',
    userName: `user${i}`,
    userId: `id-${i}`,
    reason: 'out-of-scope',
  }));
  return {
    fingerprint: 'f',
    changes,
    counts: { ...emptyPlanCounts(), keep: changes.length },
    warnings: [],
  };
}

/** Answers plan pages only when the test says so, to see how many travel at once. */
class HeldPlanPages extends ScriptedRpcClient {
  readonly pending = new Map<number, (error?: Error) => void>();

  override call<K extends SingleReplyRoutingKey>(
    routingKey: K,
    request: RpcRequest<K>,
  ): Promise<RpcReply<K>> {
    if (routingKey !== 'runs.plan-page.v1') return super.call(routingKey, request);
    const { sequence } = request as RpcRequest<'runs.plan-page.v1'>;
    this.requests.push({ routingKey, request });
    return new Promise((resolve, reject) => {
      this.pending.set(sequence, (error) => {
        this.pending.delete(sequence);
        if (error) reject(error);
        else resolve({ runId: run.runId } as RpcReply<K>);
      });
    });
  }

  pageSequences(): number[] {
    return this.requestsOf('runs.plan-page.v1').map((page) => page.sequence);
  }
}

/** Lets every settled reply's continuation run. */
const settled = () => new Promise((resolve) => setImmediate(resolve));

describe(RunLedgerClient.name, () => {
  let rpc: HeldPlanPages;
  let sut: RunLedgerClient;

  beforeEach(() => {
    rpc = new HeldPlanPages();
    rpc.answer('runs.plan-complete.v1', () => ({ runId: run.runId }));
    sut = new RunLedgerClient(rpc);
  });

  it('stages every page in order with three in flight, then completes the plan with their count', async () => {
    const plan = planOf(5);
    const staging = sut.stagePlan(run, plan);
    const inFlight: number[][] = [];

    for (let answered = 0; answered < 5; answered += 1) {
      await settled();
      inFlight.push([...rpc.pending.keys()]);
      rpc.pending.get(Math.min(...rpc.pending.keys()))?.();
    }
    await staging;

    expect(inFlight).toEqual([[0, 1, 2], [1, 2, 3], [2, 3, 4], [3, 4], [4]]);
    const pages = rpc.requestsOf('runs.plan-page.v1');
    expect(pages.map((page) => [page.sequence, page.changes.length])).toEqual(
      [0, 1, 2, 3, 4].map((sequence) => [sequence, PLAN_PAGE_SIZE]),
    );
    expect(pages[1]?.changes[0]).toBe(plan.changes[PLAN_PAGE_SIZE]);
    expect(rpc.requestsOf('runs.plan-complete.v1')).toEqual([
      { ...run, pages: 5, summary: { fingerprint: 'f', counts: plan.counts, warnings: [] } },
    ]);
  });

  it('starts no page after one fails, and never completes the plan', async () => {
    const staging = sut.stagePlan(run, planOf(6));
    const refused = expect(staging).rejects.toThrow('lease lost');

    await settled();
    rpc.pending.get(0)?.(new Error('lease lost'));
    await settled();
    for (const answer of [...rpc.pending.values()]) answer();
    await settled();

    await refused;
    expect(rpc.pageSequences()).toEqual([0, 1, 2]);
    expect(rpc.requestsOf('runs.plan-complete.v1')).toEqual([]);
  });
});
