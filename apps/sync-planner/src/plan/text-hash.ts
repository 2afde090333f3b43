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
