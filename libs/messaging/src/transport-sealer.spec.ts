import { randomBytes } from 'node:crypto';
import { AppError } from '@dirsync/service-kit';
import { TransportSealer } from './transport-sealer';

const keyA = randomBytes(32).toString('base64');
const keyB = randomBytes(32).toString('base64');
const context = { routingKey: 'settings.directory.get.v1', purpose: 'connection.bindPassword' };

function refusal(open: () => unknown): AppError {
  try {
    open();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('the sealed value was opened');
}

describe(TransportSealer.name, () => {
  it('round-trips a secret, never in clear, with a fresh IV each time', () => {
    const sut = TransportSealer.fromConfig(`a:${keyA}`);
    const sealed = sut.seal('MySecretPassword', context);
    expect(sealed).not.toContain('MySecretPassword');
    expect(sealed).not.toContain(Buffer.from('MySecretPassword').toString('base64'));
    expect(sealed.startsWith('t1:a:')).toBe(true);
    expect(sut.seal('MySecretPassword', context)).not.toBe(sealed);
    expect(sut.open(sealed, context)).toBe('MySecretPassword');
  });

  it('opens values of an older key after a rotation and seals with the active key', () => {
    const sealed = TransportSealer.fromConfig(`a:${keyA}`).seal('s3cret', context);
    const sut = TransportSealer.fromConfig(`b:${keyB},a:${keyA}`);
    expect(sut.open(sealed, context)).toBe('s3cret');
    expect(sut.seal('new', context).startsWith('t1:b:')).toBe(true);
    expect(TransportSealer.fromConfig(`b:${keyB},a:${keyA}`, 'a').seal('x', context)).toMatch(
      /^t1:a:/,
    );
  });

  it('refuses a value sealed with a key id it does not have', () => {
    const sealed = TransportSealer.fromConfig(`a:${keyA}`).seal('s3cret', context);
    const error = refusal(() => TransportSealer.fromConfig(`b:${keyB}`).open(sealed, context));
    expect(error.code).toBe('sealed-value-refused');
    expect(error.message).toMatch(/transport key a, which is not configured/);
  });

  it('refuses a value whose key id was swapped for another configured key', () => {
    const sut = TransportSealer.fromConfig(`a:${keyA},b:${keyB}`);
    const relabelled = sut.seal('s3cret', context).replace(/^t1:a:/, 't1:b:');
    expect(refusal(() => sut.open(relabelled, context)).code).toBe('sealed-value-refused');
  });

  it.each([
    ['the ciphertext', 4],
    ['the tag', 3],
    ['the IV', 2],
  ])('refuses a value with %s altered', (_, part) => {
    const sut = TransportSealer.fromConfig(`a:${keyA}`);
    const parts = sut.seal('s3cret', context).split(':');
    const bytes = Buffer.from(parts[part] ?? '', 'base64');
    bytes[0] = (bytes[0] ?? 0) ^ 1;
    parts[part] = bytes.toString('base64');
    const error = refusal(() => sut.open(parts.join(':'), context));
    expect(error.code).toBe('sealed-value-refused');
    expect(error.message).toMatch(/altered or sealed for another message/);
  });

  it.each([
    ['another routing key', { ...context, routingKey: 'auth.verify-password.v1' }],
    ['another purpose', { ...context, purpose: 'authentication.adfs.clientSecret' }],
  ])('refuses a value replayed into %s', (_, other) => {
    const sut = TransportSealer.fromConfig(`a:${keyA}`);
    const sealed = sut.seal('s3cret', context);
    expect(refusal(() => sut.open(sealed, other)).code).toBe('sealed-value-refused');
  });

  it('refuses something that is not a sealed value', () => {
    const sut = TransportSealer.fromConfig(`a:${keyA}`);
    expect(refusal(() => sut.open('s3cret', context)).message).toMatch(/not a sealed value/);
  });

  it('refuses keys of the wrong length and an active key it does not have', () => {
    expect(() => TransportSealer.fromConfig(`a:${randomBytes(16).toString('base64')}`)).toThrow(
      /transport key a must be 32 bytes, is 16/,
    );
    expect(() => TransportSealer.fromConfig(`a:${keyA}`, 'b')).toThrow(
      /active transport key b \(TRANSPORT_SEALING_ACTIVE_KEY\) is not in TRANSPORT_SEALING_KEYS/,
    );
  });
});
