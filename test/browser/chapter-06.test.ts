/**
 * Chapter 6 in a real browser: the article's functions appear from the service files (named
 * regions, read at build time), the one-order cell starts both services through the real sandbox
 * and its timeline fills with the order's marks on three lanes; the page reads in the light and
 * the dark theme and at 375 px.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readExampleSource } from '../../src/lib/examples.ts';
import { ensureSiteBuilt, launchBrowser, openPage, screenshot, startSandboxServer, type RunningServer } from './fixture.ts';

const chapter = '/06-capstone/';
const example = '06-capstone/orders/one-order';

let browser: Browser;
let sandbox: RunningServer;

beforeAll(async () => {
  await ensureSiteBuilt();
  [sandbox, browser] = await Promise.all([startSandboxServer(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await sandbox?.close();
});

it('shows each <Source> region exactly as the service file has it', async () => {
  const page = await openPage(browser, `${sandbox.url}${chapter}`);
  const mdx = fs.readFileSync(path.resolve('content/06-capstone.mdx'), 'utf8');
  const sources = [...mdx.matchAll(/<Source file="([^"]+)" region="([^"]+)" \/>/g)].map(([, file, region]) => ({ file, region }));
  expect(sources.length).toBeGreaterThanOrEqual(8);
  const shown = page.locator('.wb-source');
  expect(await shown.count()).toBe(sources.length);
  for (const [i, { file, region }] of sources.entries()) {
    const block = shown.nth(i);
    expect(await block.getAttribute('data-source-region')).toBe(region);
    const excerpt = readExampleSource(file, region);
    expect(await block.innerText()).toContain(`examples/${file}, lines ${excerpt.firstLine}–${excerpt.lastLine}`);
    // Every line of the region is on the page (the highlighter splits lines into spans, not text).
    const text = (await block.locator('pre').innerText()).split('\n').map((line) => line.trimEnd());
    for (const line of excerpt.code.split('\n').filter((l) => l.trim())) expect(text).toContain(line.trimEnd());
  }
  await screenshot(shown.first(), 'chapter-06-source-create-order-light');
});

for (const colorScheme of ['light', 'dark'] as const) {
  it(`runs one order through both services and draws it on three lanes (${colorScheme} theme)`, async () => {
    const page = await openPage(browser, `${sandbox.url}${chapter}`, { colorScheme });
    const cell = page.locator(`wb-cell[data-example="${example}"]`);
    const timeline = page.locator(`wb-timeline[data-for="${example}"]`);
    await cell.getByRole('button', { name: 'Run', exact: true }).click();
    await expect.poll(() => cell.getAttribute('aria-busy'), { timeout: 150_000 }).toBe('false');
    const output = await cell.locator('[data-part="output"]').innerText();
    expect(output).toMatch(/summary: order TRADE_CLOSED, stocks \(kettle\/teapot\) 10\/5 before, 8\/4 after CreateOrder, 10\/5 at the end/);

    const lanes = await timeline.locator('.wb-tl-lane-name').allInnerTexts();
    expect(lanes.filter(Boolean)).toEqual(['order-service', 'broker', 'inventory-service']);
    // Every mark is a row of the timeline's table; on the plot, marks a few ms apart share a spot
    // and only one of their labels is drawn.
    const rows = await timeline.locator('tbody[data-part="rows"]').textContent() ?? '';
    for (const label of ['CreateOrder', 'reback half message stored', 'Sell', 'rollback reback', 'delivers timeout', 'closed: TRADE_CLOSED', 'AutoReback: returned']) {
      expect(rows).toContain(label);
    }
    await timeline.scrollIntoViewIfNeeded();
    await screenshot(timeline, `chapter-06-one-order-timeline-${colorScheme}`);
    await screenshot(cell, `chapter-06-one-order-cell-${colorScheme}`);
  });
}

it('fits a 375 px wide screen: the page itself never scrolls sideways', async () => {
  const page = await openPage(browser, `${sandbox.url}${chapter}`, { viewport: { width: 375, height: 800 } });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await screenshot(page, 'chapter-06-narrow-top');
  await page.locator(`wb-timeline[data-for="${example}"]`).scrollIntoViewIfNeeded();
  await screenshot(page, 'chapter-06-narrow-timeline');
  await page.locator('.wb-source').first().scrollIntoViewIfNeeded();
  await screenshot(page, 'chapter-06-narrow-source');
});
