import { randomBytes } from 'node:crypto';
import { InvalidEnvironmentError } from '@dirsync/service-kit';
import { loadAuthGatewayEnv } from './auth-gateway.env';
import { parseSigningKey } from './signing-key';

describe(parseSigningKey.name, () => {
  const bytes = randomBytes(32);

  it.each([
    ['hex', bytes.toString('hex')],
    ['base64', bytes.toString('base64')],
    ['base64 without padding', bytes.toString('base64').replace(/=+$/, '')],
    ['base64url', bytes.toString('base64url')],
    ['surrounding spaces', `  ${bytes.toString('base64')}\n`],
  ])('reads %s', (_, text) => {
    expect(parseSigningKey(text).equals(bytes)).toBe(true);
  });

  it.each([
    ['too short (31 bytes)', randomBytes(31).toString('base64'), 'at least 32 bytes (got 31)'],
    ['too short hex', randomBytes(16).toString('hex'), 'at least 32 bytes (got 16)'],
    ['not base64 or hex', 'this is not a key!'.repeat(3), 'must be hex or base64'],
    ['a placeholder', Buffer.alloc(32).toString('base64'), 'placeholder'],
    ['empty', '', 'must be hex or base64'],
  ])('refuses %s', (_, text, reason) => {
    expect(() => parseSigningKey(text)).toThrow(reason);
  });
});

describe(loadAuthGatewayEnv.name, () => {
  const base = {
    AMQP_URL: 'amqp://guest:guest@127.0.0.1:5672',
    DATABASE_URL: 'postgres://dirsync:secret@127.0.0.1:5432/dirsync',
    SESSION_SIGNING_KEY: randomBytes(32).toString('base64'),
    TRANSPORT_SEALING_KEYS: `t1:${randomBytes(32).toString('base64')}`,
  };

  it('applies the defaults', () => {
    const sut = loadAuthGatewayEnv(base);
    expect(sut).toMatchObject({
      HTTP_PORT: 3001,
      SESSION_TTL_SECONDS: 900,
      OIDC_ALLOW_INSECURE_HTTP_ISSUER: false,
      RATE_LIMIT_MAX_FAILURES_PER_USER: 5,
      LDAP_POOL_SIZE: 16,
    });
  });

  it('requires the database that holds the rate limits', () => {
    const { DATABASE_URL: _, ...withoutDatabase } = base;
    expect(() => loadAuthGatewayEnv(withoutDatabase)).toThrow('DATABASE_URL');
  });

  it('names a bad signing key without printing it', () => {
    const key = randomBytes(8).toString('hex');
    const error = captureError(() => loadAuthGatewayEnv({ ...base, SESSION_SIGNING_KEY: key }));
    expect(error).toBeInstanceOf(InvalidEnvironmentError);
    expect(error.message).toContain('SESSION_SIGNING_KEY must decode to at least 32 bytes');
    expect(error.message).not.toContain(key);
  });

  it('requires a signing key', () => {
    expect(() => loadAuthGatewayEnv({ AMQP_URL: base.AMQP_URL })).toThrow('SESSION_SIGNING_KEY');
  });

  it('refuses insecure issuers in production', () => {
    const env = { ...base, OIDC_ALLOW_INSECURE_HTTP_ISSUER: 'true', NODE_ENV: 'production' };
    expect(() => loadAuthGatewayEnv(env)).toThrow(
      'OIDC_ALLOW_INSECURE_HTTP_ISSUER must not be true',
    );
    expect(loadAuthGatewayEnv({ ...env, NODE_ENV: 'test' }).OIDC_ALLOW_INSECURE_HTTP_ISSUER).toBe(
      true,
    );
  });
});

function captureError(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}
