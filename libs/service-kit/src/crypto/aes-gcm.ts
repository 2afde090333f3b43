import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM as the project stores and sends secrets:
 * `<format>:<keyId>:<iv>:<tag>:<data>`, base64 parts, so a value names the
 * key that made it and keys can rotate. Used by config-api's SecretBox (at
 * rest) and libs/messaging's TransportSealer (on the broker), which decide
 * the format, the associated data and what a refusal is called.
 */

/** Parses `id:base64,id:base64` (CONFIG_ENCRYPTION_KEYS, TRANSPORT_SEALING_KEYS). */
export function parseKeyList(spec: string): Map<string, Buffer> {
  return new Map(
    spec.split(',').map((entry) => {
      const [id = '', material = ''] = entry.split(':');
      return [id, Buffer.from(material, 'base64')] as const;
    }),
  );
}

/** The active key of a key list: the one named, else the first. */
export function activeKeyIdOf(keys: ReadonlyMap<string, Buffer>, named?: string): string {
  return named ?? [...keys.keys()][0] ?? '';
}

export function sealWithKey(
  format: string,
  keyId: string,
  key: Buffer,
  plaintext: string,
  associatedData?: Buffer,
): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  if (associatedData) cipher.setAAD(associatedData);
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [
    format,
    keyId,
    iv.toString('base64'),
    cipher.getAuthTag().toString('base64'),
    data.toString('base64'),
  ].join(':');
}

/** The parts of a sealed value; the caller checks the format and finds the key. */
export function sealedParts(sealed: string) {
  const [format = '', keyId = '', iv = '', tag = '', data = ''] = sealed.split(':');
  return { format, keyId, iv, tag, data };
}

/** Opens the parts with `key`; throws (Node's error) when anything was altered. */
export function openWithKey(
  parts: ReturnType<typeof sealedParts>,
  key: Buffer,
  associatedData?: Buffer,
): string {
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(parts.iv, 'base64'));
  if (associatedData) decipher.setAAD(associatedData);
  decipher.setAuthTag(Buffer.from(parts.tag, 'base64'));
  return Buffer.concat([
    decipher.update(Buffer.from(parts.data, 'base64')),
    decipher.final(),
  ]).toString('utf8');
}
