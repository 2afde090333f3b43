import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import * as oidc from 'openid-client';
import type { AdfsSettings } from '@dirsync/contracts';
import { AppError } from '@dirsync/service-kit';
import { AuthGatewayEnv } from '../config/auth-gateway.env';
import { toOidcAppError } from './oidc-errors';

/** Discovery answers are reused this long; keys are re-fetched by openid-client when a new `kid` appears. */
const CONFIGURATION_TTL_MS = 10 * 60_000;
const HTTP_TIMEOUT_SECONDS = 10;
/** AD FS puts `upn` and `unique_name` in the ID token for these; `email` needs its scope. */
const SCOPE = 'openid profile email';

export interface AuthorizationRequest {
  state: string;
  nonce: string;
  codeChallenge: string;
  promptLogin: boolean;
}

export interface CodeExchangeChecks {
  state: string;
  nonce: string;
  codeVerifier: string;
}

/**
 * AD FS as an OpenID provider, through openid-client: discovery (cached per
 * settings), the authorization URL, and the code exchange, which validates
 * state, PKCE, the ID token's signature, issuer, audience, nonce, expiry.
 * `http://` providers only when OIDC_ALLOW_INSECURE_HTTP_ISSUER is set (tests).
 */
@Injectable()
export class AdfsOidcClient {
  private readonly logger = new Logger(AdfsOidcClient.name);
  private readonly configurations = new Map<
    string,
    { expires: number; configuration: Promise<oidc.Configuration> }
  >();

  constructor(private readonly env: AuthGatewayEnv) {}

  async authorizationUrl(adfs: AdfsSettings, request: AuthorizationRequest): Promise<URL> {
    const configuration = await this.configuration(adfs);
    return oidc.buildAuthorizationUrl(configuration, {
      response_type: 'code',
      redirect_uri: adfs.redirectUri,
      scope: SCOPE,
      state: request.state,
      nonce: request.nonce,
      code_challenge: request.codeChallenge,
      code_challenge_method: 'S256',
      ...(request.promptLogin ? { prompt: 'login' } : {}),
    });
  }

  /** The validated ID token claims of the authorization response in `callbackUrl`. */
  async exchangeCode(
    adfs: AdfsSettings,
    callbackUrl: URL,
    checks: CodeExchangeChecks,
  ): Promise<oidc.IDToken> {
    const configuration = await this.configuration(adfs);
    try {
      const tokens = await oidc.authorizationCodeGrant(configuration, callbackUrl, {
        expectedState: checks.state,
        expectedNonce: checks.nonce,
        pkceCodeVerifier: checks.codeVerifier,
        idTokenExpected: true,
      });
      const claims = tokens.claims();
      if (!claims) throw new AppError('oidc-validation-failed', 'AD FS returned no ID token');
      return claims;
    } catch (error) {
      throw toOidcAppError(error, 'code exchange');
    }
  }

  private configuration(adfs: AdfsSettings): Promise<oidc.Configuration> {
    const server = this.discoveryUrl(adfs.discoveryUri);
    const key = cacheKey(adfs);
    const cached = this.configurations.get(key);
    if (cached && cached.expires > Date.now()) return cached.configuration;

    const configuration = oidc
      .discovery(
        server,
        adfs.clientId,
        { [oidc.clockTolerance]: this.env.OIDC_CLOCK_TOLERANCE_SECONDS },
        adfs.clientSecret ? oidc.ClientSecretPost(adfs.clientSecret) : oidc.None(),
        {
          timeout: HTTP_TIMEOUT_SECONDS,
          // TLS to the token endpoint would vouch for the ID token (OIDC Core 3.1.3.7); its signature is
          // checked anyway, so a mis-routed or intercepted token endpoint cannot mint identities.
          execute: [
            oidc.enableNonRepudiationChecks,
            ...(server.protocol === 'http:' ? [oidc.allowInsecureRequests] : []),
          ],
        },
      )
      .catch((error: unknown) => {
        this.configurations.delete(key);
        this.logger.warn({ err: error, discoveryUri: adfs.discoveryUri }, 'AD FS discovery failed');
        throw toOidcAppError(error, 'discovery');
      });
    this.configurations.set(key, { expires: Date.now() + CONFIGURATION_TTL_MS, configuration });
    return configuration;
  }

  /**
   * The issuer to discover. AD FS's is `https://host/adfs` and its document
   * lives under `/adfs/.well-known/openid-configuration`; an admin may paste
   * either. Plain http is refused unless the test flag allows it.
   */
  private discoveryUrl(discoveryUri: string): URL {
    let url: URL;
    try {
      // AD FS's issuer has no trailing slash; the comparison with the discovered issuer is exact.
      url = new URL(
        discoveryUri
          .replace(/\/\.well-known\/openid-configuration\/?$/, '')
          .replace(/(?<=.)\/+$/, ''),
      );
    } catch {
      throw misconfigured(`the AD FS discovery URI "${discoveryUri}" is not a URL`);
    }
    if (url.protocol === 'http:' && !this.env.OIDC_ALLOW_INSECURE_HTTP_ISSUER) {
      throw misconfigured(
        'the AD FS discovery URI must use https (AD FS must be reached over TLS)',
      );
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw misconfigured(`the AD FS discovery URI must use https, not ${url.protocol}`);
    }
    return url;
  }
}

function cacheKey(adfs: AdfsSettings): string {
  // The secret takes part only as a hash: a changed secret must not reuse the old configuration.
  const secret = adfs.clientSecret
    ? createHash('sha256').update(adfs.clientSecret).digest('base64url')
    : '';
  return JSON.stringify([adfs.discoveryUri, adfs.clientId, secret]);
}

function misconfigured(message: string): AppError {
  return new AppError('adfs-misconfigured', message);
}
