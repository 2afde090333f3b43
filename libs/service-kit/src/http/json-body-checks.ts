/**
 * Checks of a JSON body that run around JSON.parse, so that hostile bodies
 * are refused with a 400 naming the problem instead of exhausting the stack
 * (deep nesting) or slipping past the validation (prototype keys).
 */

/** Far deeper than any body of the API (settings nest four levels). */
export const MAX_JSON_DEPTH = 32;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/**
 * How deep the UTF-8 JSON text nests objects and arrays, stopping as soon as
 * it passes `limit`: one pass over the bytes, no parse and no recursion.
 * Brackets inside strings do not count. UTF-8 continuation bytes are all
 * above 0x7f, so they can never be mistaken for these ASCII characters.
 */
export function jsonNestingExceeds(text: Uint8Array, limit = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index += 1) {
    const byte = text[index];
    if (inString) {
      if (byte === BACKSLASH) index += 1;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
      depth += 1;
      if (depth > limit) return true;
    } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
      depth -= 1;
    }
  }
  return false;
}

/**
 * Keys that class-transformer and object spreads treat as the prototype
 * rather than as data (`__proto__`), or that name built-in members of every
 * object. No body of the API has them, so they are refused like any other
 * unknown field, wherever they are.
 */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** The path (`connection.__proto__`, `groups.syncGroups.2.constructor`) of the first forbidden key, or null. */
export function forbiddenKeyPath(value: unknown): string | null {
  const pending: { value: unknown; path: string }[] = [{ value, path: '' }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    if (next.value === null || typeof next.value !== 'object') continue;
    for (const key of Object.keys(next.value)) {
      const path = next.path ? `${next.path}.${key}` : key;
      if (FORBIDDEN_KEYS.has(key)) return path;
      pending.push({ value: (next.value as Record<string, unknown>)[key], path });
    }
  }
  return null;
}

/**
 * Every body of the API is a JSON object. The parser (strict) refuses a bare
 * string or number; an array it lets through, and a route that reads no body
 * (Test Settings) would have accepted it.
 */
export function isTopLevelArray(body: unknown): boolean {
  return Array.isArray(body);
}
