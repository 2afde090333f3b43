import type { RpcDelivery } from './rpc-delivery';
import { RpcDeliveries, SETTLE_GRACE_MS } from './rpc-deliveries';

const LIMIT = 1_000;
const heldSince = (startedAt: number) => ({ startedAt }) as RpcDelivery;

describe(RpcDeliveries.name, () => {
  let now: number;
  let sut: RpcDeliveries;

  beforeEach(() => {
    now = 1_000_000;
    sut = new RpcDeliveries('ns.user-store', LIMIT, () => now);
    sut.consumerStarted();
  });

  it('has no problem while requests are younger than the limit plus the grace period', () => {
    sut.add(heldSince(now - LIMIT - SETTLE_GRACE_MS));

    expect(sut.problem()).toBeNull();
  });

  it('reports a request held longer than the limit plus the grace period as stuck', () => {
    sut.add(heldSince(now));
    sut.add(heldSince(now - LIMIT - SETTLE_GRACE_MS - 1));

    expect(sut.problem()).toBe(
      `ns.user-store: 1 request(s) held longer than ${LIMIT + SETTLE_GRACE_MS} ms`,
    );
  });

  it('forgets a request once it is settled', () => {
    const stuck = heldSince(now - LIMIT - SETTLE_GRACE_MS - 1);
    sut.add(stuck);
    sut.remove(stuck);

    expect(sut.problem()).toBeNull();
  });

  it('reports a consumer that is not consuming, with the reason', () => {
    sut.consumerStopped('its channel closed');

    expect(sut.problem()).toBe('ns.user-store: not consuming (its channel closed)');
  });

  it('reports a consumer that never started', () => {
    expect(new RpcDeliveries('ns.user-store', LIMIT).problem()).toMatch(/not consuming/);
  });
});
