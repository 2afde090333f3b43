import type { BrowserContext, Page, Request } from 'playwright-core';
import { DirsyncSystem } from '@dirsync/testing';
import {
  ConsoleBrowser,
  screenshot,
  signInWithPassword,
  signInWithToken,
} from '../support/console-browser';
import { DEMO } from '../support/demo-directory';

/**
 * The admin console in a real Chromium against the real services and the
 * demo directory: signing in (token, directory admin, refusals), the
 * settings in the seed's sections, users and test authentication, API tokens.
 */
describe('admin console: sign-in, settings, users, tokens', () => {
  let system: DirsyncSystem;
  let browser: ConsoleBrowser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    system = await DirsyncSystem.start();
    browser = await ConsoleBrowser.launch(system.url('config-api', ''));
    ({ context, page } = await browser.open());
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await system?.stop();
  }, 60_000);

  const section = (name: string) => page.getByRole('region', { name, exact: true });

  it('refuses a wrong admin token and says so', async () => {
    await page.getByRole('button', { name: 'Sign in with an admin token' }).click();
    await page.getByLabel('Admin token').fill('not-the-token-at-all');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    const refusal = page.getByRole('alert');
    await refusal.getByText('Sign-in refused').waitFor();
    expect(await refusal.textContent()).toContain('invalid-credentials');
    await screenshot(page, 'sign-in');
    await page.getByRole('button', { name: 'Sign in with a directory account' }).click();
  });

  it('signs the bootstrap admin in with an HttpOnly, SameSite=Strict cookie; a change without the CSRF token is refused', async () => {
    await signInWithToken(page, system.adminToken);
    await page.getByText('Signed in as bootstrap-admin').waitFor();
    const [cookie] = await context.cookies();
    expect(cookie).toEqual(
      expect.objectContaining({ name: 'dirsync_console', httpOnly: true, sameSite: 'Strict' }),
    );
    const seen = await page.evaluate(async () => {
      const read = await fetch('/api/v1/directory/presets');
      const write = await fetch('/api/v1/admin/tokens', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'forged', isAdmin: true }),
      });
      return {
        read: read.status,
        write: write.status,
        body: await write.json(),
      };
    });
    expect(await page.evaluate('document.cookie')).toBe('');
    expect(seen).toEqual(
      expect.objectContaining({
        read: 200,
        write: 403,
        body: expect.objectContaining({ code: 'csrf-check-failed' }),
      }),
    );
  });

  it('fills the settings from a preset, shows a wrong filter at its field with the position, then saves with warnings where they apply', async () => {
    await page.getByRole('link', { name: 'Directory Services', exact: true }).click();
    await page.getByRole('heading', { name: 'Directory Services' }).waitFor();
    await page.getByLabel('Directory type').selectOption('openldap');
    await page.getByRole('button', { name: 'Fill in from preset' }).click();
    // The preset arrives from the API: typing before it is there would be overwritten by it.
    await page.getByText(/^Unsaved changes/).waitFor();
    await page.getByLabel('Server Name').fill(system.servers.LDAP_HOST);
    await page.getByLabel('Protocol').selectOption('ldap');
    await page.getByLabel('Port (optional)').fill(String(system.servers.LDAP_PORT));
    await page.getByLabel('Password', { exact: true }).fill('MySecretPassword');
    expect(await page.getByLabel('Base DN').inputValue()).toBe('dc=example,dc=com');

    // Warnings while editing, nothing saved yet: each beside its setting, described by it.
    const fieldWarning = (text: RegExp) => page.getByRole('note').filter({ hasText: text });
    await fieldWarning(/Plain LDAP sends the admin password/).waitFor();
    await page.getByLabel('Protocol').selectOption('ldap-ssl');
    const acceptAll = page.getByLabel('Accept all certificates');
    await acceptAll.check();
    const acceptAllWarning = fieldWarning(/Accept all certificates is on/);
    await acceptAllWarning.waitFor();
    expect(await acceptAll.getAttribute('aria-describedby')).toContain(
      await acceptAllWarning.getAttribute('id'),
    );
    await fieldWarning(/Plain LDAP sends/).waitFor({ state: 'detached' });
    expect((await system.admin('GET', '/directory/settings')).status).toBe(404);
    await acceptAll.uncheck();
    await acceptAllWarning.waitFor({ state: 'detached' });
    await page.getByLabel('Protocol').selectOption('ldap');
    await fieldWarning(/Plain LDAP sends the admin password/).waitFor();
    const filter = page.getByLabel('Filter (optional)');
    await filter.fill('(&(objectClass=posixAccount)(mail=*)');
    await page.getByRole('button', { name: 'Save settings' }).click();

    await page.getByText(/problem\(s\), shown at their fields/).waitFor();
    expect(await filter.getAttribute('aria-invalid')).toBe('true');
    const problemId = (await filter.getAttribute('aria-describedby'))?.split(' ').pop() ?? '';
    expect(await page.locator(`[id="${problemId}"]`).textContent()).toMatch(/position \d+/);

    await filter.fill('(objectClass=posixAccount)');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByRole('status').getByText('Saved as version 1.').waitFor();
    await page
      .getByText(/Plain LDAP sends the admin password/)
      .first()
      .waitFor();
    // The password is write-only: the field stays empty and says it is saved.
    const password = page.getByLabel('Password', { exact: true });
    expect(await password.inputValue()).toBe('');
    expect(await password.getAttribute('placeholder')).toContain('saved');
    const history = page.getByRole('table', { name: 'Settings versions' });
    await history.getByRole('cell', { name: 'bootstrap-admin' }).waitFor();
    expect(await history.textContent()).toContain('connection.host');
    await screenshot(page, 'settings');
  });

  it('opens Default Privileges… and saves the choice as a new version', async () => {
    await page.getByRole('button', { name: 'Default Privileges…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Default Privileges' });
    await dialog.getByLabel('Archive E-mail').check();
    await dialog.getByRole('button', { name: 'OK' }).click();
    await page.getByText('Log on, Read own archive, Archive E-mail').waitFor();
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByRole('status').getByText('Saved as version 2.').waitFor();
    const history = page.getByRole('table', { name: 'Settings versions' });
    await history.getByRole('cell', { name: 'options.defaultPrivileges', exact: true }).waitFor();
  });

  it('lists the synchronized users a page at a time, searches them, shows one, and tests a password with the precise reason', async () => {
    const sync = await system.admin('POST', '/directory/sync?wait=true');
    // The whole answer on failure: a failed run's code and message say why.
    expect(sync.status === 200 ? 200 : sync).toBe(200);
    await page.getByRole('link', { name: 'Users' }).click();
    await page.getByText(`1–44 of ${DEMO.usersInScope}`).first().waitFor();
    await page.getByRole('button', { name: 'Next page' }).first().waitFor();

    // Typed quickly: one search once typing pauses, for the whole word.
    const searches: string[] = [];
    const onRequest = (request: Request) => {
      const url = new URL(request.url());
      if (url.pathname === '/api/v1/users') searches.push(url.searchParams.get('q') ?? '');
    };
    page.on('request', onRequest);
    await page.getByLabel('Search users').pressSequentially('dubois');
    await page.getByText('1–1 of 1').first().waitFor();
    page.off('request', onRequest);
    expect(searches.at(-1)).toBe('dubois');
    await page.getByRole('button', { name: 'cdubois' }).click();
    const details = section('User cdubois');
    await details.getByText('chloe.dubois@example.net').waitFor();
    expect(await details.textContent()).toContain('uid=cdubois,ou=people,dc=example,dc=com');
    expect(await details.textContent()).toContain('Directory Services (synchronized)');
    const [folder] = await system.database.query<{ id: string }>(
      "SELECT f.id FROM archive_folders f JOIN users u ON u.id = f.owner_user_id WHERE u.user_name = 'cdubois'",
    );
    await details.getByText(folder?.id ?? 'no folder').waitFor();
    expect(await details.getByRole('checkbox', { name: 'Log on' }).isChecked()).toBe(true);
    expect(
      await details
        .getByRole('checkbox', { name: 'Administer directory (admin console)' })
        .isChecked(),
    ).toBe(false);
    await screenshot(page, 'users');

    await details.getByRole('button', { name: 'Test authentication…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Test authentication of cdubois' });
    await dialog.getByLabel('Password').fill('wrong');
    await dialog.getByRole('button', { name: 'OK' }).click();
    await dialog.getByText('Authentication failed').waitFor();
    expect(await dialog.getByRole('status').textContent()).toContain('invalid-credentials');
    await dialog.getByLabel('Password').fill(DEMO.password);
    await dialog.getByRole('button', { name: 'OK' }).click();
    await dialog.getByText('Authentication succeeded').waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();
  });

  it('cancels a search that a newer one replaced; its late answer never overwrites the newer one', async () => {
    const search = page.getByLabel('Search users');
    await search.fill('');
    await page.getByText(`1–44 of ${DEMO.usersInScope}`).first().waitFor();
    // The answer to "du" is held until the search for "dubois" has been answered and shown.
    let release = () => undefined as void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const isDu = (url: URL) =>
      url.pathname === '/api/v1/users' && url.searchParams.get('q') === 'du';
    await page.route(isDu, async (route) => {
      await held;
      await route.continue().catch(() => undefined);
    });
    try {
      const duAsked = page.waitForRequest((request) => isDu(new URL(request.url())));
      await search.pressSequentially('du');
      const du = await duAsked;
      const duCancelled = page.waitForEvent('requestfailed', (request) => request === du);
      await search.pressSequentially('bois');
      await page.getByText('1–1 of 1').first().waitFor();
      await duCancelled;
      expect(du.failure()?.errorText).toMatch(/ABORTED/);
    } finally {
      release();
      await page.unroute(isDu);
    }
    expect(await page.getByRole('table', { name: 'Users' }).locator('tbody tr').count()).toBe(1);
    await page.getByRole('button', { name: 'cdubois' }).waitFor();
  });

  it('adds a local user, tells it apart from directory users, and removes it', async () => {
    await page.getByLabel('Search users').fill('');
    await page.getByText(`1–44 of ${DEMO.usersInScope}`).first().waitFor();
    await page.getByRole('button', { name: 'Add local user…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add local user' });
    await dialog.getByLabel('User name').fill('helpdesk');
    await dialog.getByLabel('E-mail addresses').fill('helpdesk@example.com');
    await dialog.getByRole('button', { name: 'Add user' }).click();
    const details = section('User helpdesk');
    await details.getByText('Local (added by hand)').waitFor();

    await page.getByLabel('Show').selectOption('local');
    const table = page.getByRole('table', { name: 'Users' });
    await table.getByRole('button', { name: 'helpdesk' }).waitFor();
    await page.getByText('1–1 of 1').first().waitFor();
    expect(await table.locator('tbody tr').count()).toBe(1);
    expect(await table.textContent()).toContain('Local');
    await details.getByRole('button', { name: 'Delete local user' }).click();
    await page.getByText('No user matches.').waitFor();
    expect(
      (await system.database.query("SELECT 1 FROM users WHERE user_name = 'helpdesk'")).length,
    ).toBe(0);
  });

  it('creates an API token for scripts, shows it once, and revokes it', async () => {
    await page.getByRole('link', { name: 'API tokens' }).click();
    await page.getByLabel('Token name').fill('nightly-report');
    await page.getByRole('button', { name: 'Create token' }).click();
    const token = (await page.getByLabel('New token value').textContent()) ?? '';
    expect(token).toMatch(/^dst_/);
    const answer = await fetch(system.url('config-api', '/api/v1/directory/dashboard'), {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(answer.status).toBe(200);
    await page.getByRole('button', { name: 'Revoke nightly-report' }).click();
    await page.getByRole('cell', { name: /^Revoked/ }).waitFor();
  });

  it('refuses a directory user without administer-directory and a wrong password; lets one with it in; signs out', async () => {
    const other = await browser.open();
    try {
      await signInWithPassword(other.page, 'cdubois', DEMO.password);
      await other.page.getByRole('alert').getByText('not-an-administrator').waitFor();

      // The bootstrap admin grants the privilege in the user's details, from the keyboard.
      await page.getByRole('link', { name: 'Users' }).click();
      await page.getByLabel('Search users').fill('cdubois');
      await page.getByText('1–1 of 1').first().waitFor();
      await page.getByRole('button', { name: 'cdubois' }).click();
      const details = section('User cdubois');
      const administer = details.getByRole('checkbox', {
        name: 'Administer directory (admin console)',
      });
      await administer.focus();
      await page.keyboard.press('Space');
      expect(await administer.isChecked()).toBe(true);
      await page.keyboard.press('Tab');
      const save = details.getByRole('button', { name: 'Save privileges' });
      expect(await save.evaluate((button) => button === button.ownerDocument.activeElement)).toBe(
        true,
      );
      await page.keyboard.press('Enter');
      await details.getByRole('status').getByText('Privileges saved.').waitFor();
      const id = (
        await system.database.query("SELECT id FROM users WHERE user_name = 'cdubois'")
      )[0]?.['id'];
      expect((await system.admin('GET', `/users/${String(id)}`)).body.privileges).toContain(
        'administer-directory',
      );

      await signInWithPassword(other.page, 'cdubois', 'wrong');
      await other.page.getByRole('alert').getByText('invalid-credentials').waitFor();

      await signInWithPassword(other.page, 'cdubois', DEMO.password);
      await other.page.getByText('Signed in as cdubois').waitFor();
      await other.page.getByRole('link', { name: 'Dashboard' }).click();
      await other.page.getByRole('region', { name: 'Directory' }).getByText('Configured').waitFor();
      await screenshot(other.page, 'dashboard');

      await other.page.getByRole('button', { name: 'Sign out' }).click();
      await other.page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
      const status = await other.page.evaluate(async () => (await fetch('/api/v1/users')).status);
      expect(status).toBe(401);
      const audit = await system.database.query(
        "SELECT action FROM config_audit_records WHERE actor = 'console:cdubois' ORDER BY id",
      );
      expect(audit.map((row) => row['action'])).toEqual([
        'console.sign-in-refused',
        'console.signed-in',
        'console.signed-out',
      ]);
    } finally {
      await other.context.close();
    }
  });
});
