import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { AppError } from '@dirsync/service-kit';

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
    const keys = new Map(
      spec.split(',').map((entry) => {
        const [id = '', material = ''] = entry.split(':');
        return [id, Buffer.from(material, 'base64')] as const;
      }),
    );
    return new SecretBox(keys, activeKeyId ?? [...keys.keys()][0] ?? '');
  }

  encrypt(plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key(this.activeKeyId), iv);
    const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [
      'v1',
      this.activeKeyId,
      iv.toString('base64'),
      tag.toString('base64'),
      data.toString('base64'),
    ].join(':');
  }

  decrypt(sealed: string): string {
    const [version, keyId = '', iv = '', tag = '', data = ''] = sealed.split(':');
    if (version !== 'v1') throw new AppError('secret-unreadable', 'unknown secret format');
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key(keyId), Buffer.from(iv, 'base64'));
      decipher.setAuthTag(Buffer.from(tag, 'base64'));
      return Buffer.concat([
        decipher.update(Buffer.from(data, 'base64')),
        decipher.final(),
      ]).toString('utf8');
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
