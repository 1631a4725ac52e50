/**
 * Debian's Chromium through playwright-core, for the browser tests (fixture.ts re-exports these)
 * and for `npm run bench:console`, which runs outside vitest and so must not import it.
 */
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';

/** Flags for Chromium as root and offline: no sandbox, no GPU, and none of its background network chatter. */
const chromiumArgs = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** Launch Debian's Chromium (/usr/bin/chromium); playwright gives it a fresh temporary profile. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
}

/** A new page in its own context (own localStorage); `colorScheme` picks Starlight's light or dark theme. */
export async function openPage(browser: Browser, url: string, options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'light', ...options });
  const page = await context.newPage();
  // On a busy machine a chapter can take longer than Playwright's 30 s default to load or settle: tests wait on conditions, not on speed.
  page.setDefaultTimeout(120_000);
  page.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
  await page.goto(url);
  return page;
}

