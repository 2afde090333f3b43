import { DirsyncSystem, waitUntil } from '@dirsync/testing';
import { DEMO, openLdapSample } from './support/demo-directory';

/**
 * Issue "Sign-in", through the whole system: synchronized demo users sign
 * in with their directory password, the admin's "test authentication" says
 * precisely why a password was refused, and AD FS mode closes password
 * sign-in (as IMAP is not possible there).
 */
describe('sign-in after synchronization', () => {
  let system: DirsyncSystem;

  const signIn = (userName: string, password: string) =>
    fetch(system.url('auth-gateway', '/api/v1/sessions/password'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userName, password }),
    });
  const testAuthentication = async (userName: string, password: string) =>
    (await system.admin('POST', '/directory/test-authentication', { userName, password })).body as {
      outcome: string;
      message: string;
    };

  beforeAll(async () => {
    system = await DirsyncSystem.start({ env: { SIGN_IN_FAILURE_MIN_MS: '50' } });
    expect(
      (await system.admin('PUT', '/directory/settings', openLdapSample(system.servers))).status,
    ).toBe(200);
    expect((await system.admin('POST', '/directory/sync?wait=true')).status).toBe(200);
  }, 120_000);

  afterAll(async () => {
    await system?.stop();
  }, 60_000);

  it('issues a session whose token auth-gateway verifies, with the user and privileges', async () => {
    const response = await signIn('jgarcia', DEMO.password);
    expect(response.status).toBe(200);
    const { token } = (await response.json()) as { token: string };
    const verified = await fetch(system.url('auth-gateway', '/api/v1/sessions/verify'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token }),
    });
    expect(await verified.json()).toEqual(
      expect.objectContaining({
        userName: 'jgarcia',
        privileges: ['log-on', 'read-own-archive'],
        authMethod: 'ldap',
      }),
    );
  });

  it('matches the user name case-insensitively', async () => {
    expect((await signIn('JGarcia', DEMO.password)).status).toBe(200);
  });

  it('answers an unknown user exactly like a wrong password', async () => {
    const wrong = await signIn('mfernandez', 'nope');
    const unknown = await signIn('nobody-here', 'nope');
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect(await unknown.json()).toEqual(await wrong.json());
  });

  it('refuses an empty password', async () => {
    expect((await signIn('gkim', '')).status).toBe(400);
  });

  it('refuses users who are in the directory but out of scope (never synchronized)', async () => {
    expect((await signIn(DEMO.outOfScope[0]!, DEMO.password)).status).toBe(401);
  });

  it('publishes auth.succeeded.v2 and auth.failed.v2 without the password', async () => {
    await system.events.waitForSignIns('auth.succeeded.v2', 1);
    await system.events.waitForSignIns('auth.failed.v2', 1);
    expect(JSON.stringify(system.events.events)).not.toContain(DEMO.password);
  });

  describe("the admin's test authentication", () => {
    it.each([
      ['enguyen', DEMO.password, 'success'],
      ['enguyen', 'wrong', 'invalid-credentials'],
      ['enguyen', '', 'empty-password'],
      ['nobody-here', 'x', 'user-not-found'],
    ])('%s / %j → %s', async (userName, password, outcome) => {
      expect((await testAuthentication(userName, password)).outcome).toBe(outcome);
    });

    it('says when the directory cannot be reached', async () => {
      const settings = openLdapSample(system.servers);
      settings.connection.port = 1;
      await system.admin('PUT', '/directory/settings', settings);
      expect((await testAuthentication('enguyen', DEMO.password)).outcome).toBe(
        'directory-unreachable',
      );
      await system.admin('PUT', '/directory/settings', openLdapSample(system.servers));
    });
  });

  it('closes password sign-in when users sign in through AD FS', async () => {
    const settings = openLdapSample(system.servers);
    settings.authentication = {
      method: 'adfs-oidc',
      adfs: {
        discoveryUri: 'https://adfs.example.com/adfs',
        clientId: 'dirsync',
        redirectUri: 'http://127.0.0.1:3001/api/v1/sessions/oidc/callback',
        alwaysRequireCredentials: false,
      },
    };
    expect((await system.admin('PUT', '/directory/settings', settings)).status).toBe(200);
    // auth-gateway drops the settings it cached when config-api's settings.changed.v1 reaches it,
    // a moment after the save answered (on a busy machine the next sign-in can come first).
    let response = await signIn('jgarcia', DEMO.password);
    await waitUntil(async () => {
      if (response.status === 200) {
        await response.body?.cancel();
        response = await signIn('jgarcia', DEMO.password);
      }
      return response.status !== 200;
    });
    expect(response.status).toBe(403);
    expect(((await response.json()) as { code: string }).code).toBe('password-sign-in-unavailable');
  });
});
