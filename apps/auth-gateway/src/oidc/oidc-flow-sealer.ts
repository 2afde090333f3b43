import { hkdfSync } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EncryptJWT, jwtDecrypt } from 'jose';
import { AuthGatewayEnv } from '../config/auth-gateway.env';
import { parseSigningKey } from '../config/signing-key';

/** What the browser carries between the login redirect and the callback. */
export interface OidcFlow {
  state: string;
  nonce: string;
  codeVerifier: string;
  /** When the login started (epoch seconds): with prompt=login, AD FS must have authenticated after it. */
  startedAt: number;
  requireFreshAuthentication: boolean;
}

/**
 * Seals the flow into the cookie as an encrypted JWT (dir + A256GCM): the
 * browser can neither read the PKCE verifier nor forge a state or nonce.
 * Its key is derived from SESSION_SIGNING_KEY (HKDF, own label), so one
 * secret to configure and no key used for two purposes.
 */
@Injectable()
export class OidcFlowSealer {
  private readonly key: Uint8Array;
  private readonly ttlSeconds: number;

  constructor(env: AuthGatewayEnv) {
    const secret = parseSigningKey(env.SESSION_SIGNING_KEY);
    this.key = new Uint8Array(
      hkdfSync('sha256', secret, 'dirsync', 'auth-gateway/oidc-flow-cookie/v1', 32),
    );
    this.ttlSeconds = env.OIDC_FLOW_TTL_SECONDS;
  }

  get maxAgeSeconds(): number {
    return this.ttlSeconds;
  }

  seal(flow: OidcFlow): Promise<string> {
    return new EncryptJWT({ ...flow })
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
      .setIssuedAt(flow.startedAt)
      .setExpirationTime(flow.startedAt + this.ttlSeconds)
      .encrypt(this.key);
  }

  /** The flow, or null when the value is missing, forged, from another key or expired. */
  async open(sealed: string | undefined): Promise<OidcFlow | null> {
    if (!sealed) return null;
    try {
      const { payload } = await jwtDecrypt(sealed, this.key, {
        keyManagementAlgorithms: ['dir'],
        contentEncryptionAlgorithms: ['A256GCM'],
        requiredClaims: ['exp'],
      });
      const { state, nonce, codeVerifier, startedAt, requireFreshAuthentication } = payload;
      if (
        typeof state !== 'string' ||
        typeof nonce !== 'string' ||
        typeof codeVerifier !== 'string' ||
        typeof startedAt !== 'number' ||
        typeof requireFreshAuthentication !== 'boolean'
      ) {
        return null;
      }
      return { state, nonce, codeVerifier, startedAt, requireFreshAuthentication };
    } catch {
      return null;
    }
  }
}
