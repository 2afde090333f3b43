import { Attribute, Change } from 'ldapts';
import type { BrowserContext, Page } from 'playwright-core';
import { DirsyncSystem, organizationalUnit, person, SlapdFixture } from '@dirsync/testing';
import { ConsoleBrowser, screenshot, signInWithToken } from '../support/console-browser';

/**
 * The console's runs in a real Chromium, on a directory subtree of the
 * test's own (so it can change it): Test Settings' plan, Apply this plan and
 * a stale plan, Synchronize now, the deletion threshold's refusal and its
 * confirmed override, a failed run's error, the run history and a run's details.
 */
describe('admin console: Test Settings, Synchronize now, runs', () => {
  let system: DirsyncSystem;
  let ldap: SlapdFixture;
  let browser: ConsoleBrowser;
  let context: BrowserContext;
  let page: Page;
  let people: string;
  let group: string;

  const dnOf = (uid: string) => `uid=${uid},${people}`;
  const setMembers = (uids: string[]) =>
    ldap.modify(group, [
      new Change({
        operation: 'replace',
        modification: new Attribute({ type: 'member', values: uids.map(dnOf) }),
      }),
    ]);
  const setDisplayName = (uid: string, name: string) =>
    ldap.modify(dnOf(uid), [
      new Change({
        operation: 'replace',
        modification: new Attribute({ type: 'displayName', values: [name] }),
      }),
    ]);
  const saveSettings = async (
    options: Record<string, unknown> = {},
    syncGroups = ['Sync Users'],
  ) => {
    const body = {
      ...ldap.settings({ groups: { filter: '(objectClass=groupOfNames)', syncGroups } }),
      options: {
        autoDeleteUsers: false,
        defaultPrivileges: ['log-on', 'read-own-archive'],
        ...options,
      },
    };
    expect((await system.admin('PUT', '/directory/settings', body)).status).toBe(200);
  };
  const userNames = async () =>
    (await system.database.query('SELECT user_name FROM users ORDER BY user_name')).map(
      (row) => row['user_name'],
    );
  const openDirectoryServices = async () => {
    await page.getByRole('link', { name: 'Dashboard' }).click();
    await page.getByRole('link', { name: 'Directory Services', exact: true }).click();
    await page.getByRole('button', { name: 'Test Settings' }).waitFor();
  };
  const outcome = () => page.getByRole('status').filter({ hasText: /finished/ });
  const planRows = () => page.getByRole('table', { name: 'Planned changes' }).locator('tbody tr');
  const planPages = () => page.getByRole('navigation', { name: 'Plan pages' });
  const actionFilter = () => page.getByRole('group', { name: 'Filter by action' });
  /** The next request for a page of a plan's changes with these query parameters. */
  const changesRequested = (query: Record<string, string>) =>
    page.waitForRequest((request) => {
      const url = new URL(request.url());
      return (
        /\/directory\/runs\/[^/]+\/changes$/.test(url.pathname) &&
        Object.entries(query).every(([name, value]) => url.searchParams.get(name) === value)
      );
    });

  beforeAll(async () => {
    system = await DirsyncSystem.start();
    ldap = await SlapdFixture.create();
    people = `ou=people,${ldap.baseDn}`;
    group = `cn=Sync Users,${ldap.baseDn}`;
    await ldap.add([
      organizationalUnit(ldap.baseDn, 'people'),
      ...['ann', 'bob', 'cid', 'dee', 'eve'].map((uid) =>
        person(people, uid, { displayName: `${uid} Example`, mail: `${uid}@example.com` }),
      ),
      {
        dn: group,
        attributes: {
          objectClass: ['top', 'groupOfNames'],
          cn: 'Sync Users',
          member: ['ann', 'bob', 'cid', 'dee'].map(dnOf),
        },
      },
    ]);
    await saveSettings();
    browser = await ConsoleBrowser.launch(system.url('config-api', ''));
    ({ context, page } = await browser.open());
    await signInWithToken(page, system.adminToken);
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await ldap?.destroy();
    await system?.stop();
  }, 60_000);

  it('Test Settings shows the plan as a table with counts, filters by action and searches by name; nothing is written', async () => {
    await openDirectoryServices();
    await page.getByRole('button', { name: 'Test Settings' }).click();
    await outcome().getByText('Test Settings finished: 4 changes would be made').waitFor();
    await planPages().getByText('1–4 of 4').waitFor();
    expect(await planRows().count()).toBe(4);
    expect(await planRows().first().textContent()).toContain(`uid=ann,${people}`);
    expect(
      await actionFilter().getByRole('button', { name: 'All 4' }).getAttribute('aria-pressed'),
    ).toBe('true');
    await screenshot(page, 'test-settings');

    // One action at a time, filtered by the server.
    const updates = changesRequested({ action: 'update', offset: '0' });
    await actionFilter().getByRole('button', { name: 'Update 0' }).click();
    await updates;
    await page.getByText('No line matches.').waitFor();
    expect(
      await actionFilter().getByRole('button', { name: 'Update 0' }).getAttribute('aria-pressed'),
    ).toBe('true');
    expect(
      await actionFilter().getByRole('button', { name: 'All 4' }).getAttribute('aria-pressed'),
    ).toBe('false');
    // From the keyboard: Shift+Tab reaches the count before, Enter chooses it.
    const creates = changesRequested({ action: 'create', offset: '0' });
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    await creates;
    await planPages().getByText('1–4 of 4').waitFor();
    expect(await planRows().count()).toBe(4);
    expect(
      await actionFilter().getByRole('button', { name: 'Create 4' }).getAttribute('aria-pressed'),
    ).toBe('true');

    // The search by user name is the server's too, within the chosen action.
    const search = changesRequested({ action: 'create', userName: 'bob' });
    await page.getByLabel('Search the plan by user name').fill('bob');
    await search;
    await planPages().getByText('1–1 of 1').waitFor();
    expect(await planRows().count()).toBe(1);
    expect(await planRows().first().textContent()).toContain(`uid=bob,${people}`);
    expect(await userNames()).toEqual([]);
  });

  it('Apply this plan applies exactly the tested plan', async () => {
    await page.getByRole('button', { name: 'Apply this plan' }).click();
    await outcome().getByText('Synchronization finished: 4 changes applied.').waitFor();
    expect(await userNames()).toEqual(['ann', 'bob', 'cid', 'dee']);
  });

  it('a plan the directory moved away from is refused as stale, with Test again', async () => {
    await setDisplayName('ann', 'Ann Changed');
    await page.getByRole('button', { name: 'Test Settings' }).click();
    await outcome().getByText('Test Settings finished: 1 changes would be made').waitFor();
    await planRows().filter({ hasText: 'fullName: ann Example → Ann Changed' }).waitFor();
    expect(await planRows().count()).toBe(1);

    await setDisplayName('ann', 'Ann Twice');
    await page.getByRole('button', { name: 'Apply this plan' }).click();
    const refusal = page.getByRole('alert', { name: 'Run failed' });
    await refusal.getByText('This plan is out of date: nothing was changed.').waitFor();
    expect(await refusal.textContent()).toContain('stale-plan');
    await refusal.getByRole('button', { name: 'Test again' }).click();
    await outcome().getByText('Test Settings finished: 1 changes would be made').waitFor();
    await planRows().filter({ hasText: 'fullName: ann Example → Ann Twice' }).waitFor();
    expect(await planRows().count()).toBe(1);
  });

  it('Synchronize now follows the run to its result', async () => {
    await page.getByRole('button', { name: 'Synchronize now' }).click();
    await outcome().getByText('Synchronization finished: 1 changes applied.').waitFor();
    expect(
      (await system.database.query("SELECT full_name FROM users WHERE user_name = 'ann'"))[0],
    ).toEqual({ full_name: 'Ann Twice' });
  });

  it('the deletion threshold stops a run, explains it, and deletes only after an explicit confirmation', async () => {
    await saveSettings({
      autoDeleteUsers: true,
      deletionThreshold: { maxCount: 1, maxPercent: 100 },
    });
    await setMembers(['ann']);
    await openDirectoryServices();
    await page.getByRole('button', { name: 'Synchronize now' }).click();
    const refusal = page.getByRole('alert', { name: 'Run failed' });
    await refusal.getByText('Stopped by the deletion threshold: nothing was changed.').waitFor();
    expect(await refusal.textContent()).toContain('deletion-threshold-exceeded');
    expect(await userNames()).toEqual(['ann', 'bob', 'cid', 'dee']);
    await screenshot(page, 'deletion-threshold');

    const override = refusal.getByRole('button', { name: 'Synchronize now and delete them' });
    expect(await override.isDisabled()).toBe(true);
    await refusal.getByRole('checkbox').check();
    await override.click();
    await outcome().getByText('Synchronization finished: 3 changes applied.').waitFor();
    expect(await userNames()).toEqual(['ann']);
  });

  it("a failed run shows the directory's error", async () => {
    await saveSettings({}, ['No Such Group']);
    await openDirectoryServices();
    await page.getByRole('button', { name: 'Synchronize now' }).click();
    const failure = page.getByRole('alert', { name: 'Run failed' });
    await failure.getByText('The run failed: nothing was changed.').waitFor();
    expect(await failure.textContent()).toContain('sync-group-not-found');
  });

  it('the Runs page charts the runs over time and opens a run with its changes; the dashboard shows the last run and the next scheduled one', async () => {
    await page.getByRole('link', { name: 'Runs' }).click();
    await page.getByRole('img', { name: /Changes and duration of the last \d+ runs/ }).waitFor();
    const history = page.getByRole('table', { name: 'Runs' });
    await history.getByText('sync-group-not-found').waitFor();
    expect(await history.locator('tbody tr').count()).toBeGreaterThanOrEqual(7);
    await screenshot(page, 'runs');

    await history
      .locator('tbody tr')
      // The threshold's refusal planned the same three deletions; the override applied them.
      .filter({ hasText: '0 / 0 / 0 / 3 / 0' })
      .filter({ hasText: 'Succeeded' })
      .getByRole('link')
      .click();
    await page.getByRole('region', { name: 'Changes' }).waitFor();
    expect(await page.getByRole('region', { name: 'Run' }).textContent()).toContain(
      'changes applied',
    );
    const deletes = changesRequested({ action: 'delete' });
    await actionFilter().getByRole('button', { name: 'Delete 3' }).click();
    await deletes;
    await planPages().getByText('1–3 of 3').waitFor();
    expect(await planRows().filter({ hasText: 'Delete' }).count()).toBe(3);
    await screenshot(page, 'run-details');

    // A schedule: the dashboard says when the scheduler starts the next run.
    await saveSettings({ schedule: { intervalMinutes: 1440 } }, ['No Such Group']);
    const saved = (await system.admin('GET', '/directory/settings')).body as { savedAt: string };
    const { body: dashboard } = await system.admin('GET', '/directory/dashboard');
    expect(dashboard.nextScheduledRunAt).toBe(
      new Date(Date.parse(saved.savedAt) + 1440 * 60_000).toISOString(),
    );
    await page.getByRole('link', { name: 'Dashboard' }).click();
    const lastRun = page.getByRole('region', { name: 'Last run' });
    await lastRun.getByText('sync-group-not-found').waitFor();
    const schedule = page.getByRole('region', { name: 'Next scheduled run' });
    await schedule.getByText('Every 1440 minutes after the last scheduled run.').waitFor();
    expect(await schedule.locator('time').getAttribute('datetime')).toBe(
      dashboard.nextScheduledRunAt,
    );
  });
});
