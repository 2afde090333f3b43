import { type DirectorySettings } from '@dirsync/contracts';
import { FakeAdfs, TestBrowser } from '@dirsync/testing/oidc';

import { GatewayUnderTest } from '../../test/gateway-under-test';
import { ldapSettings, storedUser } from '../../test/test-users';
import { OidcController } from './oidc.controller';

const CLIENT_ID = 'dirsync-test-client';

/**
 * The AD FS code flow end to end: the gateway, a real OpenID provider
 * (oidc-provider, set up like AD FS under /adfs) and a cookie-keeping HTTP
 * client in place of the browser.
 */
describe(OidcController.name, () => {
  let gw: GatewayUnderTest;
  let adfs: FakeAdfs;
  let redirectUri: string;
  let browser: TestBrowser;

  const adfsSettings = (alwaysRequireCredentials = false): DirectorySettings => {
    const settings = ldapSettings(gw.servers);
    return {
      ...settings,
      users: { ...settings.users, userNameAttribute: 'userPrincipalName', localPartOnly: true },
      authentication: {
        method: 'adfs-oidc',
        adfs: {
          discoveryUri: adfs.discoveryUri,
          clientId: CLIENT_ID,
          redirectUri,
          alwaysRequireCredentials,
        },
      },
    };
  };

  /** Login at the gateway, AD FS's login page answered as `account`; returns where AD FS sends the browser back. */
  const throughAdfs = async (
    account: string,
    editAuthorizationUrl: (url: URL) => void = () => undefined,
  ) => {
    adfs.signInAs(account);
    const login = await browser.get(`${gw.baseUrl}/api/v1/sessions/oidc/login`);
    expect(login.status).toBe(302);
    const authorizationUrl = new URL(login.headers.get('location') ?? '');
    editAuthorizationUrl(authorizationUrl);
    const callback = await browser.followUntil(authorizationUrl.href, (url) =>
      url.startsWith(redirectUri),
    );
    return { login, authorizationUrl, callback };
  };

  /** Audit events are published without waiting: poll for the one about this person. */
  const eventAbout = async (routingKey: string, userName: string) => {
    for (let waited = 0; waited < 5_000; waited += 50) {
      const signIn = gw.events
        .signIns(routingKey)
        .find((candidate) => candidate['userName'] === userName);
      if (signIn) return signIn;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`no ${routingKey} about ${userName}`);
  };

  const finish = async (callbackUrl: string) => {
    const response = await browser.get(callbackUrl);
    return {
      status: response.status,
      body: (await response.json()) as Record<string, unknown>,
      headers: response.headers,
    };
  };

  beforeAll(async () => {
    gw = await GatewayUnderTest.start({
      OIDC_ALLOW_INSECURE_HTTP_ISSUER: 'true',
      OIDC_CLOCK_TOLERANCE_SECONDS: '5',
    });
    redirectUri = `${gw.baseUrl}/api/v1/sessions/oidc/callback`;
    adfs = await FakeAdfs.start({
      clientId: CLIENT_ID,
      redirectUri,
      accounts: {
        jdoe: {
          upn: 'JDoe@example.com',
          unique_name: 'EXAMPLE\\jdoe',
          email: 'john.doe@example.com',
        },
        bsmith: { unique_name: 'EXAMPLE\\bsmith' },
        carol: { upn: 'carol.g@partner.example', email: 'carol@example.com' },
        stranger: {
          upn: 'stranger@example.com',
          unique_name: 'EXAMPLE\\stranger',
          email: 'stranger@example.com',
        },
        localadmin: { upn: 'local-admin@example.com' },
      },
    });
    gw.rpc.users = [
      storedUser('jdoe', { emailAddresses: ['john.doe@example.com'] }),
      storedUser('bsmith'),
      storedUser('cgarcia', { emailAddresses: ['carol@example.com'] }),
      storedUser('local-admin', { authMethod: 'local' }),
    ];
  });

  beforeEach(async () => {
    await gw.useSettings(adfsSettings());
    browser = new TestBrowser();
  });

  afterEach(() => adfs.tamperIdTokens(null));

  afterAll(async () => {
    await adfs?.close();
    await gw?.close();
  });

  it('signs in through AD FS with code flow, PKCE, state and nonce, and issues the session token', async () => {
    const { login, authorizationUrl, callback } = await throughAdfs('jdoe');

    expect(authorizationUrl.origin + authorizationUrl.pathname).toBe(`${adfs.issuer}/auth`);
    const params = authorizationUrl.searchParams;
    expect(Object.fromEntries(params)).toMatchObject({
      client_id: CLIENT_ID,
      redirect_uri: redirectUri,
      response_type: 'code',
      code_challenge_method: 'S256',
      scope: 'openid profile email',
    });
    for (const name of ['state', 'nonce', 'code_challenge'])
      expect(params.get(name)?.length).toBeGreaterThanOrEqual(32);
    expect(params.has('prompt')).toBe(false);
    const flowCookie = login.headers
      .getSetCookie()
      .find((cookie) => cookie.startsWith('dirsync_oidc_flow='));
    expect(flowCookie).toMatch(
      /; Path=\/api\/v1\/sessions\/oidc\/callback;.*HttpOnly.*SameSite=Lax/,
    );

    const answer = await finish(callback);

    expect(answer.status).toBe(200);
    expect(answer.headers.get('set-cookie')).toMatch(/^dirsync_oidc_flow=;/);
    const jdoe = gw.rpc.users[0]!;
    expect(answer.body).toMatchObject({ user: { id: jdoe.id, userName: 'jdoe' } });
    const verified = await gw.post('/api/v1/sessions/verify', { token: answer.body['token'] });
    expect(verified.body).toMatchObject({ userId: jdoe.id, authMethod: 'adfs-oidc' });
    await expect(eventAbout('auth.succeeded.v2', 'jdoe')).resolves.toMatchObject({
      userId: jdoe.id,
      method: 'adfs-oidc',
      clientAddress: '127.0.0.1',
    });
  });

  it.each([
    ['unique_name (EXAMPLE\\user)', 'bsmith', 'bsmith'],
    ['the e-mail address when no user name matches', 'carol', 'cgarcia'],
  ])('maps the person by %s', async (_, account, userName) => {
    const { callback } = await throughAdfs(account);
    await expect(finish(callback)).resolves.toMatchObject({
      status: 200,
      body: { user: { userName } },
    });
  });

  it('sends prompt=login exactly when credentials are always required, and AD FS asks again', async () => {
    await finish((await throughAdfs('jdoe')).callback);
    const prompts = adfs.loginPrompts;
    const again = await throughAdfs('jdoe');
    expect(again.authorizationUrl.searchParams.has('prompt')).toBe(false);
    expect(adfs.loginPrompts).toBe(prompts); // AD FS's single sign-on answered without asking
    expect((await finish(again.callback)).status).toBe(200);

    await gw.useSettings(adfsSettings(true));
    const forced = await throughAdfs('jdoe');
    expect(forced.authorizationUrl.searchParams.get('prompt')).toBe('login');
    expect(adfs.loginPrompts).toBe(prompts + 1);
    expect((await finish(forced.callback)).status).toBe(200);
    expect(adfs.authorizationRequests.at(-1)?.get('prompt')).toBe('login');
  });

  it('refuses an authentication older than the sign-in when credentials are always required', async () => {
    await gw.useSettings(adfsSettings(true));
    adfs.tamperIdTokens({
      claims: (claims) => ({ ...claims, auth_time: Math.floor(Date.now() / 1000) - 3_600 }),
    });
    const { callback } = await throughAdfs('jdoe');
    await expect(finish(callback)).resolves.toMatchObject({
      status: 401,
      body: { code: 'oidc-stale-authentication' },
    });
  });

  it('refuses a callback whose state is not the one sent', async () => {
    const { callback } = await throughAdfs('jdoe');
    const forged = new URL(callback);
    forged.searchParams.set('state', 'attacker-chosen-state');
    await expect(finish(forged.href)).resolves.toMatchObject({
      status: 401,
      body: { code: 'oidc-validation-failed' },
    });
  });

  it('refuses a replayed authorization code', async () => {
    const { callback } = await throughAdfs('jdoe');
    const flowCookie = browser.cookie('dirsync_oidc_flow', new URL(redirectUri).pathname);
    expect((await finish(callback)).status).toBe(200);

    // The same callback again: the flow cookie was cleared...
    await expect(finish(callback)).resolves.toMatchObject({
      status: 400,
      body: { code: 'oidc-flow-expired' },
    });
    // ...and with a copy of it kept by the attacker, AD FS refuses the used code.
    browser.setCookie('dirsync_oidc_flow', flowCookie!, new URL(redirectUri).pathname);
    await expect(finish(callback)).resolves.toMatchObject({
      status: 401,
      body: { code: 'oidc-code-rejected' },
    });
  });

  it('refuses an ID token whose nonce is not the one sent', async () => {
    const { callback } = await throughAdfs('jdoe', (url) =>
      url.searchParams.set('nonce', 'nonce-of-another-login-0123456789'),
    );
    const answer = await finish(callback);
    expect(answer).toMatchObject({ status: 401, body: { code: 'oidc-validation-failed' } });
    expect(answer.body['message']).toMatch(/nonce/);
  });

  it.each([
    [
      'has expired',
      {
        claims: (c: Record<string, unknown>) => ({ ...c, iat: now() - 7_200, exp: now() - 3_600 }),
      },
      /exp/,
    ],
    [
      'comes from another issuer',
      { claims: (c: Record<string, unknown>) => ({ ...c, iss: 'http://127.0.0.1:1/adfs' }) },
      /iss/,
    ],
    [
      'is for another client',
      { claims: (c: Record<string, unknown>) => ({ ...c, aud: 'another-client' }) },
      /aud/,
    ],
    ['is signed with a key AD FS does not publish', { foreignKey: true }, /signature/],
  ])('refuses an ID token that %s', async (_, tamper, reason) => {
    adfs.tamperIdTokens(tamper);
    const { callback } = await throughAdfs('jdoe');
    const answer = await finish(callback);
    expect(answer).toMatchObject({ status: 401, body: { code: 'oidc-validation-failed' } });
    expect(answer.body['message']).toMatch(reason);
  });

  it('refuses a person who is not a synchronized user, saying who', async () => {
    const { callback } = await throughAdfs('stranger');
    await expect(finish(callback)).resolves.toMatchObject({
      status: 403,
      body: {
        code: 'unknown-person',
        message: 'stranger@example.com is not a synchronized user of this system',
      },
    });
    await expect(eventAbout('auth.failed.v2', 'stranger@example.com')).resolves.toMatchObject({
      method: 'adfs-oidc',
      reason: 'unknown-person',
    });
  });

  it('never maps an AD FS identity to a local user', async () => {
    const { callback } = await throughAdfs('localadmin');
    await expect(finish(callback)).resolves.toMatchObject({
      status: 403,
      body: { code: 'unknown-person' },
    });
  });

  it('refuses a callback without the flow cookie', async () => {
    const { callback } = await throughAdfs('jdoe');
    browser.clearCookies();
    await expect(finish(callback)).resolves.toMatchObject({
      status: 400,
      body: { code: 'oidc-flow-expired' },
    });
  });

  it('says AD FS sign-in is not enabled when the directory uses LDAP sign-in', async () => {
    await gw.useSettings(ldapSettings(gw.servers));
    const login = await browser.get(`${gw.baseUrl}/api/v1/sessions/oidc/login`);
    expect(login.status).toBe(403);
    expect(await login.json()).toMatchObject({ code: 'oidc-sign-in-unavailable' });
  });

  it('refuses a redirect URI that does not lead back to this service', async () => {
    const settings = adfsSettings();
    settings.authentication.adfs!.redirectUri = 'https://elsewhere.example.com/callback';
    await gw.useSettings(settings);
    const login = await browser.get(`${gw.baseUrl}/api/v1/sessions/oidc/login`);
    expect(login.status).toBe(503);
    expect(await login.json()).toMatchObject({ code: 'adfs-misconfigured' });
  });

  describe('without OIDC_ALLOW_INSECURE_HTTP_ISSUER', () => {
    let strict: GatewayUnderTest;

    beforeAll(async () => {
      strict = await GatewayUnderTest.start();
    });

    afterAll(async () => {
      await strict?.close();
    });

    it('refuses an http:// AD FS', async () => {
      const settings = adfsSettings();
      settings.authentication.adfs!.redirectUri = `${strict.baseUrl}/api/v1/sessions/oidc/callback`;
      await strict.useSettings(settings);
      const requestsBefore = adfs.requests.length;
      const login = await browser.get(`${strict.baseUrl}/api/v1/sessions/oidc/login`);
      expect(login.status).toBe(503);
      expect(await login.json()).toMatchObject({
        code: 'adfs-misconfigured',
        message: expect.stringContaining('https'),
      });
      expect(adfs.requests).toHaveLength(requestsBefore); // not even discovery was attempted
    });
  });
});

function now(): number {
  return Math.floor(Date.now() / 1000);
}
