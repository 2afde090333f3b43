import {
  activeKeyIdOf,
  AppError,
  openWithKey,
  parseKeyList,
  sealedParts,
  sealWithKey,
} from '@dirsync/service-kit';

/**
 * AES-256-GCM for secrets at rest. The ciphertext names the key that made it
 * (`v1:<keyId>:<iv>:<tag>:<data>`, base64 parts), so keys can be rotated:
 * new secrets use the active key, old ones still decrypt with theirs.
 */
export class SecretBox {
  private readonly keys: ReadonlyMap<string, Buffer>;

  constructor(
    keys: ReadonlyMap<string, Buffer>,
    private readonly activeKeyId: string,
  ) {
    for (const [id, key] of keys) {
      if (key.length !== 32)
        throw new Error(`encryption key ${id} must be 32 bytes, is ${key.length}`);
    }
    if (!keys.has(activeKeyId))
      throw new Error(`the active encryption key ${activeKeyId} is not configured`);
    this.keys = keys;
  }

  /** Parses `id:base64,id:base64`; the active key defaults to the first. */
  static fromConfig(spec: string, activeKeyId?: string): SecretBox {
    const keys = parseKeyList(spec);
    return new SecretBox(keys, activeKeyIdOf(keys, activeKeyId));
  }

  encrypt(plaintext: string): string {
    return sealWithKey('v1', this.activeKeyId, this.key(this.activeKeyId), plaintext);
  }

  decrypt(sealed: string): string {
    const parts = sealedParts(sealed);
    if (parts.format !== 'v1') throw new AppError('secret-unreadable', 'unknown secret format');
    const { keyId } = parts;
    try {
      return openWithKey(parts, this.key(keyId));
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw new AppError(
        'secret-unreadable',
        `a stored secret could not be decrypted with key ${keyId}`,
        {
          cause: error,
        },
      );
    }
  }

  private key(id: string): Buffer {
    const key = this.keys.get(id);
    if (!key) {
      throw new AppError(
        'secret-unreadable',
        `encryption key ${id} is not configured (was it rotated out?)`,
      );
    }
    return key;
  }
}
