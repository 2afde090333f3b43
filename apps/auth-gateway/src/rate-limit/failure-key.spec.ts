import { createHash } from 'node:crypto';
import { failureKeyDigest } from './failure-key';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

describe(failureKeyDigest.name, () => {
  it.each([
    ['user', 'jdoe'],
    ['user', 'zoë'],
    ['client', '192.0.2.7'],
  ] as const)('is the SHA-256 of "%s:%s" in UTF-8, hex, every time it is asked', (scope, key) => {
    expect(failureKeyDigest(scope, key)).toBe(sha256(`${scope}:${key}`));
    expect(failureKeyDigest(scope, key)).toBe(sha256(`${scope}:${key}`));
  });

  it('names the scope: one key has another digest per scope', () => {
    expect(failureKeyDigest('user', 'x')).not.toBe(failureKeyDigest('client', 'x'));
  });

  it('digests the key as stored (NUL as U+FFFD)', () => {
    expect(failureKeyDigest('user', 'a\u0000b')).toBe(sha256('user:a\uFFFDb'));
  });

  it('stays right past the number of digests it remembers', () => {
    for (let i = 0; i < 10_050; i += 1) failureKeyDigest('user', `name-${i}`);
    expect(failureKeyDigest('user', 'name-3')).toBe(sha256('user:name-3'));
    expect(failureKeyDigest('user', 'name-10049')).toBe(sha256('user:name-10049'));
  });
});
