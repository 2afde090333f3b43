import { randomBytes } from 'node:crypto';
import { decodeProtectedHeader, jwtVerify, SignJWT, UnsecuredJWT } from 'jose';
import { Privilege, type StoredUser } from '@dirsync/contracts';
import type { AuthGatewayEnv } from '../config/auth-gateway.env';
import { SessionTokenService } from './session-token.service';

const key = randomBytes(32);
const env = {
  SESSION_SIGNING_KEY: key.toString('base64'),
  SESSION_TTL_SECONDS: 900,
} as AuthGatewayEnv;
const user: StoredUser = {
  id: '8a7d4c52-1111-4a8e-9e57-2f7f0c5f0a01',
  userName: 'jdoe',
  fullName: 'John Doe',
  emailAddresses: ['jdoe@example.com'],
  authMethod: 'directory',
  externalId: 'e1',
  dn: 'uid=jdoe,ou=people,dc=example,dc=com',
  privileges: [Privilege.LogOn, Privilege.ReadOwnArchive],
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

describe(SessionTokenService.name, () => {
  const sut = new SessionTokenService(env);

  it('issues a token whose claims verify', async () => {
    const before = Date.now();
    const session = sut.issue(user, 'ldap');
    expect(session.user).toEqual({ id: user.id, userName: 'jdoe', privileges: user.privileges });
    const expiresIn = Date.parse(session.expiresAt) - before;
    expect(expiresIn).toBeGreaterThan(898_000);
    expect(expiresIn).toBeLessThanOrEqual(900_000);

    const claims = await sut.verify(session.token);
    expect(claims).toMatchObject({
      userId: user.id,
      userName: 'jdoe',
      privileges: user.privileges,
      authMethod: 'ldap',
      expiresAt: session.expiresAt,
    });
    expect(claims.sessionId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('issues a standard HS256 JWT that jose verifies on its own with the key', async () => {
    const { token } = sut.issue(user, 'ldap');

    expect(decodeProtectedHeader(token)).toEqual({ alg: 'HS256', typ: 'JWT' });
    const { payload } = await jwtVerify(token, new Uint8Array(key), {
      algorithms: ['HS256'],
      issuer: 'dirsync-auth-gateway',
      audience: 'dirsync',
    });
    expect(payload).toEqual({
      userName: 'jdoe',
      privileges: user.privileges,
      authMethod: 'ldap',
      iss: 'dirsync-auth-gateway',
      aud: 'dirsync',
      sub: user.id,
      jti: expect.stringMatching(/^[0-9a-f-]{36}$/),
      iat: expect.any(Number),
      exp: (payload.iat ?? 0) + 900,
    });
  });

  it('refuses a token signed with another key', async () => {
    const other = new SessionTokenService({
      ...env,
      SESSION_SIGNING_KEY: randomBytes(32).toString('hex'),
    });
    const { token } = other.issue(user, 'ldap');
    await expect(sut.verify(token)).rejects.toMatchObject({ status: 401, code: 'invalid-session' });
  });

  it('refuses a tampered token', async () => {
    const { token } = sut.issue(user, 'ldap');
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<
      string,
      unknown
    >;
    const forged = Buffer.from(
      JSON.stringify({ ...claims, privileges: Object.values(Privilege) }),
    ).toString('base64url');
    await expect(sut.verify(`${header}.${forged}.${signature}`)).rejects.toMatchObject({
      code: 'invalid-session',
    });
  });

  it('refuses an expired token, saying so', async () => {
    const past = Math.floor(Date.now() / 1000) - 3_600;
    const token = await new SignJWT({ userName: 'jdoe', privileges: [], authMethod: 'ldap' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('dirsync-auth-gateway')
      .setAudience('dirsync')
      .setSubject(user.id)
      .setJti('j')
      .setIssuedAt(past - 900)
      .setExpirationTime(past)
      .sign(new Uint8Array(key));
    await expect(sut.verify(token)).rejects.toMatchObject({
      code: 'invalid-session',
      message: 'the session has expired',
    });
  });

  it('refuses alg "none" and tokens for another audience', async () => {
    const unsigned = new UnsecuredJWT({ userName: 'jdoe', privileges: [], authMethod: 'ldap' })
      .setIssuer('dirsync-auth-gateway')
      .setAudience('dirsync')
      .setSubject(user.id)
      .setIssuedAt()
      .setExpirationTime('5m')
      .encode();
    await expect(sut.verify(unsigned)).rejects.toMatchObject({ code: 'invalid-session' });

    const otherAudience = await new SignJWT({
      userName: 'jdoe',
      privileges: [],
      authMethod: 'ldap',
    })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('dirsync-auth-gateway')
      .setAudience('something-else')
      .setSubject(user.id)
      .setJti('j')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(new Uint8Array(key));
    await expect(sut.verify(otherAudience)).rejects.toMatchObject({ code: 'invalid-session' });
  });

  it('refuses a well-signed token of the wrong shape', async () => {
    const token = await new SignJWT({ userName: 'jdoe', privileges: ['root'], authMethod: 'ldap' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('dirsync-auth-gateway')
      .setAudience('dirsync')
      .setSubject(user.id)
      .setJti('j')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(new Uint8Array(key));
    await expect(sut.verify(token)).rejects.toMatchObject({ code: 'invalid-session' });
  });

  it('refuses garbage', async () => {
    await expect(sut.verify('not.a.jwt')).rejects.toMatchObject({
      status: 401,
      code: 'invalid-session',
    });
  });
});
