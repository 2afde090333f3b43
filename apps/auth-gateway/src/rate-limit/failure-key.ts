import { hash } from 'node:crypto';

export type FailureScope = 'user' | 'client';

/**
 * PostgreSQL's text cannot hold a NUL character, and a hostile user name or
 * forwarded address may carry one: without this the check would fail and
 * sign-in answer 503, skipping the uniform refusal and the limit. Two
 * names differing only by NUL versus U+FFFD share their count, which only
 * ever slows an attacker more.
 */
export function storable(key: string): string;
export function storable(key: string | null): string | null;
export function storable(key: string | null): string | null {
  return key === null ? null : key.replaceAll('\u0000', '\uFFFD');
}

/** Digests remembered (≤ ≈ 6 MB with 512-character names); all are dropped when it is full. */
const MAX_REMEMBERED_DIGESTS = 10_000;
const digests = new Map<string, string>();

/**
 * How a failure's scope and key are named in the notices PostgreSQL sends
 * (`auth_sign_in_failures`): the SHA-256 of `<scope>:<stored key>` in UTF-8,
 * hex, exactly as the trigger of migration 1796100000000 computes it. Fixed
 * size and no user name on the channel; a collision only makes a check query.
 * Remembered per scope and key: every attempt asks for two (its name's and
 * its address's), and computing both was ≈ 1.6 % of auth-gateway's CPU per sign-in.
 */
export function failureKeyDigest(scope: FailureScope, key: string): string {
  const named = `${scope}:${storable(key)}`;
  let digest = digests.get(named);
  if (digest === undefined) {
    if (digests.size >= MAX_REMEMBERED_DIGESTS) digests.clear();
    digest = hash('sha256', named, 'hex');
    digests.set(named, digest);
  }
  return digest;
}
