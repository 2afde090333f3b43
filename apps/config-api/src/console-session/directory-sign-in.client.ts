import { Inject, Injectable } from '@nestjs/common';
import { type ErrorCode, isErrorCode } from '@dirsync/contracts';
import { AppError } from '@dirsync/service-kit';

export const AUTH_GATEWAY_URL = Symbol('AUTH_GATEWAY_URL');

/** Who auth-gateway signed in. */
export interface SignedInDirectoryUser {
  id: string;
  userName: string;
  privileges: string[];
}

/** How long the console waits for auth-gateway's answer. */
const SIGN_IN_TIMEOUT_MS = 15_000;

/**
 * A directory user's password sign-in, done by auth-gateway's public
 * endpoint (the same LDAP bind, rate limits and audit events as any
 * sign-in); its refusals keep their codes (401 invalid-credentials, 429, …).
 */
@Injectable()
export class DirectorySignInClient {
  constructor(@Inject(AUTH_GATEWAY_URL) private readonly baseUrl: string) {}

  async signIn(
    userName: string,
    password: string,
    clientAddress: string | null,
  ): Promise<SignedInDirectoryUser> {
    let response: Response;
    try {
      response = await fetch(new URL('/api/v1/sessions/password', this.baseUrl), {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(clientAddress ? { 'x-forwarded-for': clientAddress } : {}),
        },
        body: JSON.stringify({ userName, password }),
        signal: AbortSignal.timeout(SIGN_IN_TIMEOUT_MS),
      });
    } catch (error) {
      throw new AppError('service-unavailable', 'auth-gateway cannot be reached', {
        cause: error,
      });
    }
    const body = (await response.json().catch(() => null)) as {
      code?: unknown;
      message?: unknown;
      user?: SignedInDirectoryUser;
    } | null;
    if (response.ok && body?.user) return body.user;
    const code: ErrorCode = isErrorCode(body?.code) ? body.code : 'unknown-remote-error';
    const message = typeof body?.message === 'string' ? body.message : 'the sign-in failed';
    throw new AppError(code, message);
  }
}
