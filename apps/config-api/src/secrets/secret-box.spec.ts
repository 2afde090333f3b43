import { randomBytes } from 'node:crypto';
import { SecretBox } from './secret-box';

const keyA = randomBytes(32).toString('base64');
const keyB = randomBytes(32).toString('base64');

describe(SecretBox.name, () => {
  it('round-trips a secret and never stores it in clear', () => {
    const sut = SecretBox.fromConfig(`a:${keyA}`);
    const sealed = sut.encrypt('MySecretPassword');
    expect(sealed).not.toContain('MySecretPassword');
    expect(sealed.startsWith('v1:a:')).toBe(true);
    expect(sut.decrypt(sealed)).toBe('MySecretPassword');
  });

  it('uses a fresh IV each time', () => {
    const sut = SecretBox.fromConfig(`a:${keyA}`);
    expect(sut.encrypt('x')).not.toBe(sut.encrypt('x'));
  });

  it('decrypts old secrets after a key rotation', () => {
    const old = SecretBox.fromConfig(`a:${keyA}`);
    const sealed = old.encrypt('s3cret');
    const sut = SecretBox.fromConfig(`b:${keyB},a:${keyA}`);
    expect(sut.decrypt(sealed)).toBe('s3cret');
    expect(sut.encrypt('new').startsWith('v1:b:')).toBe(true);
  });

  it('refuses tampered ciphertext', () => {
    const sut = SecretBox.fromConfig(`a:${keyA}`);
    const parts = sut.encrypt('s3cret').split(':');
    parts[4] = Buffer.from('tampered').toString('base64');
    expect(() => sut.decrypt(parts.join(':'))).toThrow(/could not be decrypted/);
  });

  it('names a missing key', () => {
    const sealed = SecretBox.fromConfig(`a:${keyA}`).encrypt('x');
    expect(() => SecretBox.fromConfig(`b:${keyB}`).decrypt(sealed)).toThrow(
      /key a is not configured/,
    );
  });
});
