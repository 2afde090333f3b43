import { Controller, Get, Header, Req, Res } from '@nestjs/common';
import type { CookieOptions, Request, Response } from 'express';
import { AuthGatewayEnv } from '../config/auth-gateway.env';
import { clientAddress } from '../http/client-address';
import { readCookie } from '../http/cookies';
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
  async login(@Res() response: Response): Promise<void> {
    const started = await this.signIns.start();
    response.cookie(OIDC_FLOW_COOKIE, started.sealedFlow, {
      ...this.cookieOptions(started.cookiePath),
      maxAge: this.sealer.maxAgeSeconds * 1000,
    });
    response.setHeader('Cache-Control', 'no-store');
    response.redirect(302, started.authorizationUrl);
  }

  /**
   * AD FS sends the browser here. 200 {token, expiresAt, user}; 400 `oidc-flow-expired`;
   * 401 `oidc-validation-failed` | `oidc-code-rejected` | `oidc-provider-refused` | `oidc-stale-authentication`;
   * 403 `unknown-person` | `log-on-not-permitted`; 503 `identity-provider-unavailable` | `adfs-misconfigured`.
   */
  @Get('callback')
  @Header('Cache-Control', 'no-store')
  callback(
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<IssuedSession> {
    const sealedFlow = readCookie(request.headers.cookie, OIDC_FLOW_COOKIE);
    // Single use, whatever the outcome: a replayed callback finds no flow.
    response.clearCookie(OIDC_FLOW_COOKIE, this.cookieOptions(request.path));
    const queryStart = request.originalUrl.indexOf('?');
    const query = queryStart === -1 ? '' : request.originalUrl.slice(queryStart);
    return this.signIns.finish(query, sealedFlow, clientAddress(request));
  }

  /** Lax: the callback is a top-level GET navigation from AD FS, which Lax lets through. */
  private cookieOptions(path: string): CookieOptions {
    return { httpOnly: true, secure: this.secureCookies, sameSite: 'lax', path };
  }
}
