/**
 * How often a `?wait=true` request looks at its run: every 50 ms at first,
 * then every hundredth of the time waited so far (at most once a second),
 * so the answer comes at most ≈ 1 % of the run's length after its end. A
 * look is a 2 ms query; a flat 250 ms after 5 s answered a 7 s first sync
 * 125 ms late on average.
 */
export function waitPollMs(waitedMs: number): number {
  return Math.min(1_000, Math.max(50, Math.round(waitedMs / 100)));
}
