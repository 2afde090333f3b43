import { createHmac, createSecretKey, randomBytes } from 'node:crypto';
import { jwtVerify } from 'jose';
import { Hs256Signer } from './hs256-jws';

describe(Hs256Signer.name, () => {
  // Shorter than SHA-256's 64-byte block, exactly one block, and longer (hashed first).
  it.each([32, 64, 100])('signs as HMAC-SHA-256 does with a %i-byte key', async (bytes) => {
    const key = randomBytes(bytes);
    const sut = new Hs256Signer(createSecretKey(key));

    const token = sut.sign({ sub: 'someone', privileges: ['log-on'], name: 'Zoë' });

    const [header, payload, signature] = token.split('.') as [string, string, string];
    expect(signature).toBe(
      createHmac('sha256', key).update(`${header}.${payload}`).digest('base64url'),
    );
    const { payload: claims } = await jwtVerify(token, new Uint8Array(key), {
      algorithms: ['HS256'],
    });
    expect(claims).toEqual({ sub: 'someone', privileges: ['log-on'], name: 'Zoë' });
  });
});
