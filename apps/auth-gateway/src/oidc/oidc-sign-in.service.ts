import { Injectable } from '@nestjs/common';
import * as oidc from 'openid-client';
import { type AdfsSettings, type DirectorySettings, Privilege } from '@dirsync/contracts';
import { AppError } from '@dirsync/service-kit';
import { SignInAudit } from '../audit/sign-in-audit';
import { AuthGatewayEnv } from '../config/auth-gateway.env';
import { DirectorySettingsCache } from '../settings/directory-settings.cache';
import { type IssuedSession, SessionTokenService } from '../session/session-token.service';
import { AdfsOidcClient } from './adfs-oidc.client';
import { type OidcFlow, OidcFlowSealer } from './oidc-flow-sealer';
import { UserIdentityResolver } from './user-identity.resolver';

export interface StartedOidcFlow {
  authorizationUrl: string;
  sealedFlow: string;
  /** The cookie must reach the redirect URI: its path. */
  cookiePath: string;
}

/**
 * Sign-in through AD FS: `start` sends the browser to AD FS with a fresh
 * state, nonce and PKCE challenge sealed into a cookie; `finish` exchanges
 * the code, checks what openid-client does not (a fresh `auth_time` when
 * credentials are always required), maps the person to a synchronized user
 * and issues the same session token as the password sign-in.
 */
@Injectable()
export class OidcSignInService {
  constructor(
    private readonly settings: DirectorySettingsCache,
    private readonly adfsClient: AdfsOidcClient,
    private readonly sealer: OidcFlowSealer,
    private readonly identities: UserIdentityResolver,
    private readonly sessions: SessionTokenService,
    private readonly audit: SignInAudit,
    private readonly env: AuthGatewayEnv,
  ) {}

  async start(): Promise<StartedOidcFlow> {
    const adfs = adfsSettings(await this.settings.current());
    this.assertRedirectUriIsOurs(adfs);
    const flow: OidcFlow = {
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      codeVerifier: oidc.randomPKCECodeVerifier(),
      startedAt: Math.floor(Date.now() / 1000),
      requireFreshAuthentication: adfs.alwaysRequireCredentials,
    };
    const url = await this.adfsClient.authorizationUrl(adfs, {
      state: flow.state,
      nonce: flow.nonce,
      codeChallenge: await oidc.calculatePKCECodeChallenge(flow.codeVerifier),
      promptLogin: adfs.alwaysRequireCredentials,
    });
    return {
      authorizationUrl: url.href,
      sealedFlow: await this.sealer.seal(flow),
      cookiePath: cookiePath(adfs),
    };
  }

  /** `query`: the callback's query string as AD FS sent it; `sealedFlow`: the cookie, if the browser sent it. */
  async finish(
    query: string,
    sealedFlow: string | undefined,
    clientAddress: string | null,
  ): Promise<IssuedSession> {
    let label = '';
    try {
      const flow = await this.sealer.open(sealedFlow);
      if (!flow) {
        throw new AppError(
          'oidc-flow-expired',
          'this AD FS sign-in expired or was not started here; start again',
          {
            details: [{ field: 'state', message: 'no AD FS sign-in started here matches it' }],
          },
        );
      }
      const settings = await this.settings.current();
      const adfs = adfsSettings(settings);
      const callbackUrl = new URL(adfs.redirectUri);
      callbackUrl.search = query;
      const claims = await this.adfsClient.exchangeCode(adfs, callbackUrl, flow);
      label = typeof claims['upn'] === 'string' ? claims['upn'] : claims.sub;
      if (flow.requireFreshAuthentication)
        this.assertFreshAuthentication(claims.auth_time, flow.startedAt);

      const identity = await this.identities.resolve(claims, settings.users);
      label = identity.label || label;
      if (!identity.user) {
        throw new AppError(
          'unknown-person',
          `${label || 'this person'} is not a synchronized user of this system`,
        );
      }
      if (!identity.user.privileges.includes(Privilege.LogOn)) {
        throw new AppError(
          'log-on-not-permitted',
          'this user does not have the privilege to log on',
        );
      }
      const session = this.sessions.issue(identity.user, 'adfs-oidc');
      this.audit.succeeded(identity.user, 'adfs-oidc', clientAddress);
      return session;
    } catch (error) {
      this.audit.failed(
        label,
        'adfs-oidc',
        clientAddress,
        error instanceof AppError ? error.code : 'internal-error',
      );
      throw error;
    }
  }

  /**
   * With prompt=login AD FS must authenticate the person again; a token
   * whose `auth_time` predates this login (a reused session) is refused.
   */
  private assertFreshAuthentication(authTime: number | undefined, startedAt: number): void {
    if (
      typeof authTime !== 'number' ||
      authTime < startedAt - this.env.OIDC_CLOCK_TOLERANCE_SECONDS
    ) {
      throw new AppError(
        'oidc-stale-authentication',
        'AD FS did not ask for credentials although this system always requires them (auth_time is older than the sign-in)',
      );
    }
  }

  /** The redirect URI carries the flow cookie back to us only if it points at this service. */
  private assertRedirectUriIsOurs(adfs: AdfsSettings): void {
    const ours = new URL(this.env.PUBLIC_BASE_URL).origin;
    let theirs: URL;
    try {
      theirs = new URL(adfs.redirectUri);
    } catch {
      throw new AppError(
        'adfs-misconfigured',
        `the AD FS redirect URI "${adfs.redirectUri}" is not a URL`,
      );
    }
    if (theirs.origin !== ours || theirs.search !== '' || theirs.hash !== '') {
      throw new AppError(
        'adfs-misconfigured',
        `the AD FS redirect URI must be on ${ours} (PUBLIC_BASE_URL) without query or fragment, e.g. ${ours}/api/v1/sessions/oidc/callback`,
      );
    }
  }
}

function adfsSettings(settings: DirectorySettings): AdfsSettings {
  if (settings.authentication.method !== 'adfs-oidc') {
    throw new AppError(
      'oidc-sign-in-unavailable',
      'sign-in through AD FS is not enabled; users sign in with their directory password',
    );
  }
  if (!settings.authentication.adfs) {
    throw new AppError(
      'adfs-misconfigured',
      'AD FS sign-in is enabled but its settings are missing',
    );
  }
  return settings.authentication.adfs;
}

function cookiePath(adfs: AdfsSettings): string {
  return new URL(adfs.redirectUri).pathname;
}
