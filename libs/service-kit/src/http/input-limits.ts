/**
 * The limits every HTTP service puts on what it reads (README, "Limits on
 * input"). Anything past them is refused with a 4xx naming the limit.
 */
export const INPUT_LIMITS = {
  /** A JSON body, after any Content-Encoding is undone: 413 past it. */
  maxBodyBytes: 1024 * 1024,
  /** The request line (URL included) and headers together: 431 past it (Node's default, made explicit). */
  maxHeaderBytes: 16 * 1024,
  /** The headers must have arrived within this: 408 otherwise. */
  headersTimeoutMs: 20_000,
  /** The whole request (not the answer) must have arrived within this: 408 otherwise. */
  requestTimeoutMs: 30_000,
} as const;
