import { waitPollMs } from './wait-poll';

describe('waitPollMs', () => {
  it('looks every 50 ms while a run is young', () => {
    expect(waitPollMs(0)).toBe(50);
    expect(waitPollMs(4_999)).toBe(50);
  });

  it('then every hundredth of the time waited, so an answer is at most ≈ 1 % late', () => {
    expect(waitPollMs(7_000)).toBe(70);
    expect(waitPollMs(60_000)).toBe(600);
  });

  it('never less often than once a second', () => {
    expect(waitPollMs(600_000)).toBe(1_000);
  });
});
