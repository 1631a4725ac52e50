/**
 * The reading edition on a static host, under a base path, with no sandbox anywhere: built with
 * `WORKBOOK_BASE=/rocketmq-workbook/`, served as plain files under that path. Pages, links,
 * assets, recorded output and its replay (with the recorded timing, charts redrawn), search, and
 * the editor with the client's types all work; nothing asks for a path outside the base; the
 * console and <BrokerView> say they need the local sandbox; and axe finds nothing on the pages
 * with static-only parts in either theme.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, sitePages } from './axe.ts';
import { ensureStaticEditionBuilt, launchBrowser, openPage, screenshot, startStaticServer, staticEdition, type RunningServer } from './fixture.ts';

const { base, outDir } = staticEdition;
let browser: Browser;
let host: RunningServer;

// A second full build of the site (under the base path): give it the time a build takes on a busy machine.
beforeAll(async () => {
  await ensureStaticEditionBuilt();
  [host, browser] = await Promise.all([startStaticServer({ root: outDir, base }), launchBrowser()]);
}, 900_000);

afterAll(async () => {
  await browser?.close();
  await host?.close();
});

/**
 * Open a page and watch it: `problems()` names every request that failed or left the base path
 * (data: and blob: URLs aside), and every error the page threw.
 */
async function openWatched(url: string, options: Parameters<typeof openPage>[2] = {}): Promise<{ page: Page; problems: () => Promise<string[]> }> {
  const seen: string[] = [];
  const aborted = new Set<string>();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'light', ...options });
  const page = await context.newPage();
  page.setDefaultTimeout(120_000); // as openPage: on a busy machine a chapter loads in more than Playwright's 30 s
  page.on('pageerror', (error) => seen.push(`page error: ${error.message}`));
  page.on('response', (response) => {
    const { pathname, protocol } = new URL(response.url());
    if (protocol !== 'http:') return;
    if (!pathname.startsWith(base)) seen.push(`outside ${base}: ${response.url()}`);
    else if (response.status() >= 400) seen.push(`${response.status()}: ${response.url()}`);
  });
  page.on('requestfailed', (request) => {
    const error = request.failure()?.errorText;
    // Leaving a page cancels what it was still loading (a script, the link's prefetch): Chromium
    // calls that net::ERR_ABORTED, seen on a busy machine. Such a request is asked again below;
    // any other failure (refused, reset, empty answer) is a problem as it is.
    if (error === 'net::ERR_ABORTED') aborted.add(request.url());
    else seen.push(`failed (${error}): ${request.url()}`);
  });
  await page.goto(url);
  const problems = async () => {
    const again: string[] = [];
    for (const href of aborted) {
      if (!new URL(href).pathname.startsWith(base)) again.push(`outside ${base} (aborted): ${href}`);
      else if ((await page.request.get(href)).status() !== 200) again.push(`aborted, and not there when asked again: ${href}`);
    }
    return [...seen, ...again];
  };
  return { page, problems };
}

describe('a chapter page under the base path', () => {
  it('loads with its styles and scripts, and every link on it leads to a page under the base path', async () => {
    const { page, problems } = await openWatched(`${host.url}${base}01-why-mq/`);
    // Starlight's stylesheet applied: the sidebar is laid out beside the content.
    expect(await page.locator('#starlight__sidebar').isVisible()).toBe(true);
    expect(await page.locator('#starlight__sidebar a[href$="/00-hello/"]').getAttribute('href')).toBe(`${base}00-hello/`);
    const hrefs = await page.locator('a[href]').evaluateAll((links) => links.map((link) => (link as HTMLAnchorElement).href));
    const internal = [...new Set(hrefs.map((href) => href.split('#')[0]).filter((href) => href.startsWith(host.url)))];
    // The home page and every chapter, at least.
    expect(internal.length).toBeGreaterThanOrEqual(3);
    for (const href of internal) {
      expect(new URL(href).pathname.startsWith(base), href).toBe(true);
      expect((await page.request.get(href)).status(), href).toBe(200);
    }
    await page.waitForLoadState('networkidle');
    expect(await problems()).toEqual([]);
    await screenshot(page, 'static-chapter-01');
    await page.context().close();
  });

  it('tells how to run it locally, with a link to the same chapter on the sandbox (at its root)', async () => {
    const { page } = await openWatched(`${host.url}${base}00-hello/`);
    const cell = page.locator('wb-cell[data-example="00-hello/first-send"]');
    expect(await cell.locator('[data-part="static"] a').getAttribute('href')).toBe('http://127.0.0.1:4321/00-hello/');
    expect(await cell.getByRole('button', { name: 'Run', exact: true }).isVisible()).toBe(false);
    expect(await cell.locator('[data-part="recorded"] figcaption').innerText()).toMatch(/^Recorded output from a real run on /);
    await page.context().close();
  });
});

describe('the broker console and live broker figures', () => {
  it('say they need the local sandbox, and link to the console under the base path', async () => {
    const { page, problems } = await openWatched(`${host.url}${base}01-why-mq/`);
    const view = page.locator('wb-broker-view').first();
    expect(await view.getByRole('status').innerText()).toContain('need the local sandbox');
    const consoleLink = view.getByRole('link', { name: 'Open in the console' });
    expect(await consoleLink.getAttribute('href')).toMatch(new RegExp(`^${base}console/\\?topic=`));
    await consoleLink.click();
    await page.waitForURL(`${host.url}${base}console/**`);
    const notice = page.locator('wb-broker-console [data-part="static"]');
    expect(await notice.innerText()).toContain('it needs the local sandbox');
    expect(await notice.getByRole('link').getAttribute('href')).toBe('http://127.0.0.1:4321/console/');
    expect(await page.locator('wb-broker-console [data-part="live"]').isVisible()).toBe(false);
    expect(await problems()).toEqual([]);
    await page.context().close();
  });
});

describe('recorded output', () => {
  const example = '01-why-mq/peak-shaving/with-queue';
  const recording = JSON.parse(fs.readFileSync(`recordings/${example}.json`, 'utf8')) as { events: { event: string; data: Record<string, unknown>; t?: number }[] };
  const samples = recording.events.filter((item) => item.event === 'event' && item.data.kind === 'sample').length;
  const duration = Number(recording.events.find((item) => item.event === 'exit')?.data.durationMs);

  it('replays with the run\'s own timing, and its chart draws again as the samples come', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(120_000);
    // The page's clock is ours: the replay's pace is checked without waiting for it.
    await page.clock.install();
    await page.goto(`${host.url}${base}01-why-mq/`);
    const cell = page.locator(`wb-cell[data-example="${example}"]`);
    const chart = page.locator(`wb-live-chart[data-for="${example}"]`);
    const recorded = cell.locator('[data-part="recorded"] pre');
    const fullText = await recorded.innerText();
    const rows = () => chart.locator('[data-part="rows"] tr').count();
    expect(await rows()).toBe(samples);

    await cell.getByRole('button', { name: 'Replay' }).click();
    await expect.poll(() => cell.getByRole('status').innerText()).toMatch(/^Replaying/);
    expect(await rows()).toBeLessThan(samples / 4);

    await page.clock.runFor(Math.round(duration / 2));
    const halfway = await rows();
    expect(halfway).toBeGreaterThan(samples / 4);
    expect(halfway).toBeLessThan(samples);
    expect(await recorded.innerText()).not.toContain('exit code');
    await screenshot(chart, 'static-replay-halfway');

    await page.clock.runFor(duration);
    await expect.poll(() => cell.getByRole('status').innerText()).toMatch(/^Replay finished: exit code 0 · /);
    expect(await rows()).toBe(samples);
    expect(await recorded.innerText()).toBe(fullText);
    expect(await chart.locator('polyline').count()).toBe(3);
    await context.close();
  });
});

describe('search', () => {
  it('finds a chapter, and its result links under the base path', async () => {
    const { page, problems } = await openWatched(`${host.url}${base}`);
    await page.locator('site-search button[data-open-modal]').click();
    await page.locator('site-search .pagefind-ui__search-input').fill('peak shaving');
    const result = page.locator('.pagefind-ui__result-link').first();
    await result.waitFor();
    expect(await result.getAttribute('href')).toMatch(new RegExp(`^${base}01-why-mq/`));
    await screenshot(page, 'static-search');
    expect(await problems()).toEqual([]);
    await page.context().close();
  });
});

describe('the editor', () => {
  it('opens on Edit with the client library\'s types, every file from under the base path', async () => {
    const { page, problems } = await openWatched(`${host.url}${base}00-hello/`);
    const cell = page.locator('wb-cell[data-example="00-hello/first-send"]');
    await cell.getByRole('button', { name: 'Edit' }).click();
    await cell.locator('.monaco-editor').waitFor({ timeout: 60_000 });
    const uri = 'file:///examples/00-hello/first-send.ts';
    const markers = () => page.evaluate((resource) => {
      const monaco = (window as any).monaco;
      return monaco.editor.getModelMarkers({ resource: monaco.Uri.parse(resource) }).map((marker: { message: string }) => marker.message) as string[];
    }, uri);
    await page.evaluate((resource) => {
      const model = (window as any).monaco.editor.getModel((window as any).monaco.Uri.parse(resource));
      model.setValue(model.getValue().replace('producer.send(', 'producer.sendd('));
    }, uri);
    await expect.poll(markers, { timeout: 60_000 }).toContainEqual(expect.stringContaining("Property 'sendd' does not exist on type 'Producer'"));
    await cell.getByRole('button', { name: 'Reset' }).click();
    await expect.poll(markers, { timeout: 60_000 }).toEqual([]);
    await screenshot(cell, 'static-editor-light');
    expect(await problems()).toEqual([]);
    await page.context().close();
  });
});

/**
 * The pages whose markup differs from the sandbox edition's: cells as a static copy shows them
 * (the how-to-run notice, recorded output with Replay), an exercise and its hints, a chart,
 * <BrokerView> and the console without a sandbox. accessibility.test.ts audits every page of the
 * site; auditing them all again here would double the suite's longest test for the same markup.
 */
const staticPages = ['', '00-hello/', '01-why-mq/', 'console/'];

describe('axe finds no WCAG 2.2 AA violation in the static edition', () => {
  for (const colorScheme of ['light', 'dark'] as const) {
    it(`on the pages with static-only parts, ${colorScheme} theme`, async () => {
      const page = await openPage(browser, `${host.url}${base}`, { colorScheme });
      const found: string[] = [];
      for (const pagePath of staticPages.map((name) => `${base}${name}`)) {
        expect(sitePages(outDir, base)).toContain(pagePath);
        await page.goto(`${host.url}${pagePath}`);
        found.push(...(await axeViolations(page)).map((violation) => `${pagePath}: ${violation}`));
      }
      expect(found).toEqual([]);
      await page.context().close();
    }, 600_000); // axe reads every element of a chapter (thousands of code tokens): minutes on a busy machine
  }
});

it('is built for its base path: every page under it, the build stamped with it', () => {
  expect(JSON.parse(fs.readFileSync(path.join(outDir, 'workbook-build.json'), 'utf8')).base).toBe(base);
  expect(sitePages(outDir, base)).toContain(`${base}00-hello/`);
});
