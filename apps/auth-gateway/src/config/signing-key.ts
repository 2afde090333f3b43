import { ValidateBy, type ValidationOptions } from 'class-validator';

/** HS256 wants at least as many key bytes as the hash has (RFC 7518 §3.2). */
export const MIN_SIGNING_KEY_BYTES = 32;

const HEX = /^(?:[0-9a-fA-F]{2})+$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * The key bytes of SESSION_SIGNING_KEY: hex when the text is only hex digits,
 * otherwise base64 (standard or URL-safe, padding optional). Throws with the
 * reason when the text is neither or the key is too short or a placeholder.
 */
export function parseSigningKey(text: string): Buffer {
  const trimmed = text.trim();
  let key: Buffer;
  if (HEX.test(trimmed)) {
    key = Buffer.from(trimmed, 'hex');
  } else if (BASE64.test(trimmed) || BASE64URL.test(trimmed)) {
    key = Buffer.from(trimmed, 'base64');
    // Node's decoder skips what it does not understand; a round trip proves nothing was skipped.
    const unpadded = trimmed.replace(/=+$/, '');
    if (
      key.toString('base64').replace(/=+$/, '') !== unpadded &&
      key.toString('base64url') !== unpadded
    ) {
      throw new Error('is not valid base64');
    }
  } else {
    throw new Error('must be hex or base64');
  }
  if (key.length < MIN_SIGNING_KEY_BYTES) {
    throw new Error(`must decode to at least ${MIN_SIGNING_KEY_BYTES} bytes (got ${key.length})`);
  }
  if (key.every((byte) => byte === key[0])) {
    throw new Error(
      'is a placeholder (every byte is the same); generate one with `openssl rand -base64 32`',
    );
  }
  return key;
}

/** Env validation: the value must parse with `parseSigningKey`; the message names the reason, never the key. */
export function IsSigningKey(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isSigningKey',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && signingKeyProblem(value) === null,
        defaultMessage: (args) =>
          typeof args?.value === 'string'
            ? (signingKeyProblem(args.value) ?? '')
            : 'must be a string',
      },
    },
    options,
  );
}

function signingKeyProblem(value: string): string | null {
  try {
    parseSigningKey(value);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}
