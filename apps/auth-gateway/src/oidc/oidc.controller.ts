import { Controller, Get, Header, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuthGatewayEnv } from '../config/auth-gateway.env';
import { clientAddress } from '../http/client-address';
import {
  type CookieAttributes,
  clearingCookie,
  readCookie,
  serializeCookie,
} from '../http/cookies';
import type { IssuedSession } from '../session/session-token.service';
import { OidcFlowSealer } from './oidc-flow-sealer';
import { OidcSignInService } from './oidc-sign-in.service';

export const OIDC_FLOW_COOKIE = 'dirsync_oidc_flow';

@Controller('sessions/oidc')
export class OidcController {
  private readonly secureCookies: boolean;

  constructor(
    private readonly signIns: OidcSignInService,
    private readonly sealer: OidcFlowSealer,
    env: AuthGatewayEnv,
  ) {
    this.secureCookies = new URL(env.PUBLIC_BASE_URL).protocol === 'https:';
  }

  /** 302 to AD FS with the flow cookie; 403 `oidc-sign-in-unavailable` when the directory uses LDAP sign-in. */
  @Get('login')
  async login(@Res() reply: FastifyReply): Promise<void> {
    const started = await this.signIns.start();
    const cookie = serializeCookie(OIDC_FLOW_COOKIE, started.sealedFlow, {
      ...this.cookieAttributes(started.cookiePath),
      maxAgeSeconds: this.sealer.maxAgeSeconds,
    });
    await reply
      .header('Set-Cookie', cookie)
      .header('Cache-Control', 'no-store')
      .redirect(started.authorizationUrl, 302);
  }

  /**
   * AD FS sends the browser here. 200 {token, expiresAt, user}; 400 `oidc-flow-expired`;
   * 401 `oidc-validation-failed` | `oidc-code-rejected` | `oidc-provider-refused` | `oidc-stale-authentication`;
   * 403 `unknown-person` | `log-on-not-permitted`; 503 `identity-provider-unavailable` | `adfs-misconfigured`.
   */
  @Get('callback')
  @Header('Cache-Control', 'no-store')
  callback(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<IssuedSession> {
    const sealedFlow = readCookie(request.headers.cookie, OIDC_FLOW_COOKIE);
    const queryStart = request.url.indexOf('?');
    const path = queryStart === -1 ? request.url : request.url.slice(0, queryStart);
    // Single use, whatever the outcome: a replayed callback finds no flow.
    reply.header('Set-Cookie', clearingCookie(OIDC_FLOW_COOKIE, this.cookieAttributes(path)));
    const query = queryStart === -1 ? '' : request.url.slice(queryStart);
    return this.signIns.finish(query, sealedFlow, clientAddress(request));
  }

  /** Lax: the callback is a top-level GET navigation from AD FS, which Lax lets through. */
  private cookieAttributes(path: string): Omit<CookieAttributes, 'maxAgeSeconds'> {
    return { httpOnly: true, secure: this.secureCookies, sameSite: 'Lax', path };
  }
}
