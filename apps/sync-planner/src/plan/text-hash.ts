/**
 * FNV-1a over UTF-16 units, mixed so that texts differing only at the end
 * spread: a 32-bit hash for the planner's own indexes, which always compare
 * the texts themselves too (two texts may share a hash).
 */
export function textHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

/** The hashes of `texts` once each, lower-cased first (a user's addresses, any case). */
export function lowerCaseHashes(texts: readonly string[]): number[] {
  if (texts.length === 1) return [textHash(texts[0]!.toLowerCase())];
  return [...new Set(texts.map((text) => textHash(text.toLowerCase())))];
}

/** The values that occur more than once in `values`. */
export function repeatedValues(values: ArrayLike<number>): Set<number> {
  const sorted = Float64Array.from(values).sort();
  const repeated = new Set<number>();
  for (let index = 1; index < sorted.length; index += 1) {
    if (sorted[index] === sorted[index - 1]) repeated.add(sorted[index]!);
  }
  return repeated;
}
