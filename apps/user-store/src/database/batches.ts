/**
 * Rows per multi-row statement. A first sync of 100,000 users becomes about
 * a hundred INSERTs per table instead of 100,000 round trips, while staying
 * far below PostgreSQL's 65,535 bind parameters per statement.
 */
export const WRITE_BATCH_SIZE = 1_000;

/** `items` in consecutive slices of at most `size` (the last may be shorter). */
export function inBatches<T>(items: readonly T[], size: number = WRITE_BATCH_SIZE): T[][] {
  if (!Number.isInteger(size) || size < 1)
    throw new RangeError(`batch size must be a positive integer, got ${size}`);
  const batches: T[][] = [];
  for (let start = 0; start < items.length; start += size)
    batches.push(items.slice(start, start + size));
  return batches;
}
