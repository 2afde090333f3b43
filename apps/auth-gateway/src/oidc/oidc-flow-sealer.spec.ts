import { randomBytes } from 'node:crypto';
import type { AuthGatewayEnv } from '../config/auth-gateway.env';
import { type OidcFlow, OidcFlowSealer } from './oidc-flow-sealer';

const env = {
  SESSION_SIGNING_KEY: randomBytes(32).toString('base64'),
  OIDC_FLOW_TTL_SECONDS: 600,
} as AuthGatewayEnv;

describe(OidcFlowSealer.name, () => {
  const sut = new OidcFlowSealer(env);
  const flow: OidcFlow = {
    state: 'state-1',
    nonce: 'nonce-1',
    codeVerifier: 'verifier-1',
    startedAt: Math.floor(Date.now() / 1000),
    requireFreshAuthentication: true,
  };

  it('round-trips a flow without showing the PKCE verifier', async () => {
    const sealed = await sut.seal(flow);
    expect(sealed).not.toContain('verifier-1');
    expect(Buffer.from(sealed.split('.')[3] ?? '', 'base64url').toString('latin1')).not.toContain(
      'verifier',
    );
    await expect(sut.open(sealed)).resolves.toEqual(flow);
  });

  it('opens nothing that is missing, tampered, from another key or expired', async () => {
    const sealed = await sut.seal(flow);
    const tampered = `${sealed.slice(0, -3)}${sealed.endsWith('AAA') ? 'BBB' : 'AAA'}`;
    const otherKey = new OidcFlowSealer({
      ...env,
      SESSION_SIGNING_KEY: randomBytes(32).toString('base64'),
    });
    const expired = await sut.seal({ ...flow, startedAt: flow.startedAt - 601 });

    await expect(sut.open(undefined)).resolves.toBeNull();
    await expect(sut.open(tampered)).resolves.toBeNull();
    await expect(otherKey.open(sealed)).resolves.toBeNull();
    await expect(sut.open(expired)).resolves.toBeNull();
  });
});
