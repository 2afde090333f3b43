import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import {
  DirsyncSystem,
  PgHold,
  PrivateServer,
  REPO_ROOT,
  someoneWaitsFor,
  waitUntil,
  writeUsersDirectoryLdif,
} from '@dirsync/testing';
import { ConsoleBrowser, signInWithToken } from '../support/console-browser';
import { openLdapSample } from '../support/demo-directory';

/** Enough users that a sync is a job of many pages, not an instant. */
const USERS = 5_000;

/**
 * Synchronize now's live progress bar in a real Chromium, on a generated
 * directory of 5,000 users in a slapd of the test's own: while the run is
 * running the bar shows its phase and how many users were read, before the
 * result. So that the running state is certainly there to be seen (not raced
 * by a fast run), the run is held in its apply by a lock on `users`, as
 * e2e/faults holds a phase, and let go once the console has shown it.
 */
describe('admin console: the live progress of Synchronize now', () => {
  const ldif = join(REPO_ROOT, '.state', `console-progress-${process.pid}.ldif`);
  let slapd: PrivateServer;
  let system: DirsyncSystem;
  let browser: ConsoleBrowser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    await writeUsersDirectoryLdif(ldif, USERS);
    [slapd, system] = await Promise.all([PrivateServer.slapd(ldif), DirsyncSystem.start()]);
    const settings = openLdapSample({ ...system.servers, LDAP_PORT: String(slapd.ports['ldap']) });
    expect((await system.admin('PUT', '/directory/settings', settings)).status).toBe(200);
    browser = await ConsoleBrowser.launch(system.url('config-api', ''));
    ({ context, page } = await browser.open());
    await signInWithToken(page, system.adminToken);
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await system?.stop();
    await slapd?.destroy();
    await rm(ldif, { force: true });
  }, 60_000);

  it('shows the running run with its users read before the result', async () => {
    await page.getByRole('link', { name: 'Directory Services', exact: true }).click();
    const start = page.getByRole('button', { name: 'Synchronize now' });
    const progress = page.getByRole('status', { name: 'Run progress' });
    const outcome = page.getByRole('status').filter({ hasText: /finished/ });
    const hold = await PgHold.open(system.database.url);
    try {
      await hold.lockTables(['users']);
      await start.click();
      // The run read the whole directory, planned, and waits to write: it is running.
      await waitUntil(() => someoneWaitsFor(system.database.url, 'users'), 120_000, 50);
      await progress.getByText(`${USERS.toLocaleString('en')} users read`).waitFor();

      const bar = progress.getByRole('progressbar', { name: 'Synchronization progress' });
      expect(['Planning changes', 'Applying changes']).toContain(
        await bar.getAttribute('aria-valuetext'),
      );
      expect(await outcome.count()).toBe(0);
      expect(await start.isDisabled()).toBe(true);
    } finally {
      await hold.release();
    }

    await outcome
      .getByText(`Synchronization finished: ${USERS} changes applied.`)
      .waitFor({ timeout: 120_000 });
    expect(await progress.count()).toBe(0);
    const [stored] = await system.database.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM users',
    );
    expect(stored?.n).toBe(USERS);
  });
});
