import { createSecretKey, type KeyObject, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { errors as joseErrors, jwtVerify } from 'jose';
import {
  ALL_PRIVILEGES,
  type Privilege,
  SIGN_IN_METHODS,
  type SignInMethod,
  type StoredUser,
} from '@dirsync/contracts';
import { AppError } from '@dirsync/service-kit';
import { AuthGatewayEnv } from '../config/auth-gateway.env';
import { parseSigningKey } from '../config/signing-key';
import { signHs256 } from './hs256-jws';

const ISSUER = 'dirsync-auth-gateway';
const AUDIENCE = 'dirsync';
const ALGORITHM = 'HS256';

/** What a session token asserts, as `POST /sessions/verify` returns it. */
export interface SessionClaims {
  userId: string;
  userName: string;
  privileges: Privilege[];
  authMethod: SignInMethod;
  sessionId: string;
  issuedAt: string;
  expiresAt: string;
}

export interface IssuedSession {
  token: string;
  expiresAt: string;
  user: { id: string; userName: string; privileges: Privilege[] };
}

/**
 * Session tokens: compact JWTs signed with HS256 and the configured key
 * (imported once). Short-lived because nothing revokes them; verification
 * pins the algorithm, issuer and audience, so a token minted for something
 * else never passes.
 */
@Injectable()
export class SessionTokenService {
  private readonly key: KeyObject;
  private readonly ttlSeconds: number;

  constructor(env: AuthGatewayEnv) {
    this.key = createSecretKey(parseSigningKey(env.SESSION_SIGNING_KEY));
    this.ttlSeconds = env.SESSION_TTL_SECONDS;
  }

  issue(user: StoredUser, authMethod: SignInMethod): IssuedSession {
    const issuedAt = Math.floor(Date.now() / 1000);
    const expiresAt = issuedAt + this.ttlSeconds;
    const token = signHs256(this.key, {
      userName: user.userName,
      privileges: user.privileges,
      authMethod,
      iss: ISSUER,
      aud: AUDIENCE,
      sub: user.id,
      jti: randomUUID(),
      iat: issuedAt,
      exp: expiresAt,
    });
    return {
      token,
      expiresAt: new Date(expiresAt * 1000).toISOString(),
      user: { id: user.id, userName: user.userName, privileges: user.privileges },
    };
  }

  /** The claims of a valid, unexpired token of ours; anything else is a 401 `invalid-session`. */
  async verify(token: string): Promise<SessionClaims> {
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, this.key, {
        algorithms: [ALGORITHM],
        issuer: ISSUER,
        audience: AUDIENCE,
        requiredClaims: ['sub', 'jti', 'iat', 'exp'],
      }));
    } catch (error) {
      throw invalidSession(
        error instanceof joseErrors.JWTExpired
          ? 'the session has expired'
          : 'invalid session token',
      );
    }
    return toSessionClaims(payload);
  }
}

function toSessionClaims(payload: Record<string, unknown>): SessionClaims {
  const { sub, jti, iat, exp, userName, privileges, authMethod } = payload;
  const valid =
    typeof sub === 'string' &&
    typeof jti === 'string' &&
    typeof iat === 'number' &&
    typeof exp === 'number' &&
    typeof userName === 'string' &&
    Array.isArray(privileges) &&
    privileges.every((privilege) => ALL_PRIVILEGES.includes(privilege as Privilege)) &&
    SIGN_IN_METHODS.includes(authMethod as SignInMethod);
  // Signed by us but not in our shape: a key shared with something else. Refuse.
  if (!valid) throw invalidSession('invalid session token');
  return {
    userId: sub,
    userName,
    privileges: privileges as Privilege[],
    authMethod: authMethod as SignInMethod,
    sessionId: jti,
    issuedAt: new Date(iat * 1000).toISOString(),
    expiresAt: new Date(exp * 1000).toISOString(),
  };
}

function invalidSession(message: string): AppError {
  return new AppError('invalid-session', message);
}
