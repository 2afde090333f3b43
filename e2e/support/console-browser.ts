import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

/** Debian's Chromium (infra/versions.sh); Playwright's own browser download is not used. */
export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/**
 * A headless Chromium for the admin console's tests: one browser per test
 * file, a fresh context (cookies) per signed-in admin. `close()` in afterAll.
 * Screenshots are written only when DIRSYNC_SCREENSHOTS names a folder
 * (the README's are made with DIRSYNC_SCREENSHOTS=docs/screenshots).
 */
export class ConsoleBrowser {
  private constructor(
    private readonly browser: Browser,
    readonly baseUrl: string,
  ) {}

  static async launch(baseUrl: string): Promise<ConsoleBrowser> {
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
    });
    return new ConsoleBrowser(browser, baseUrl);
  }

  /** A new browser profile on the console's sign-in page (laptop screen size). */
  async open(): Promise<{ context: BrowserContext; page: Page }> {
    const context = await this.browser.newContext({
      baseURL: this.baseUrl,
      viewport: { width: 1366, height: 850 },
      locale: 'en-GB',
    });
    // A busy 2-core machine: give the UI time, fail instead of hanging.
    context.setDefaultTimeout(20_000);
    const page = await context.newPage();
    await page.goto('/console/');
    return { context, page };
  }

  async close(): Promise<void> {
    await this.browser.close();
  }
}

export async function signInWithToken(page: Page, token: string): Promise<void> {
  await page.getByRole('button', { name: 'Sign in with an admin token' }).click();
  await page.getByLabel('Admin token').fill(token);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

export async function signInWithPassword(page: Page, userName: string, password: string) {
  await page.getByLabel('User name').fill(userName);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

export async function screenshot(page: Page, name: string): Promise<void> {
  const folder = process.env['DIRSYNC_SCREENSHOTS'];
  if (!folder) return;
  mkdirSync(folder, { recursive: true });
  await page.screenshot({ path: join(folder, `${name}.png`), fullPage: true });
}
