/**
 * Accessibility of the site the sandbox serves: axe (WCAG 2.2 AA) finds nothing on any page in
 * the light or the dark theme, and a reader with a keyboard alone runs a cell, checks an
 * exercise, opens hints and reads a chart's data — with visible focus, and hearing how a run
 * ended (a polite status) rather than every line of its output.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, sitePages } from './axe.ts';
import { openPage, screenshot, siteDir, useSandboxAndBrowser } from './fixture.ts';

const servers = useSandboxAndBrowser();

describe('axe finds no WCAG 2.2 AA violation', () => {
  for (const colorScheme of ['light', 'dark'] as const) {
    it(`on any page of the site, ${colorScheme} theme`, async () => {
      const page = await openPage(servers.browser(), `${servers.sandbox().url}/`, { colorScheme });
      const found: string[] = [];
      for (const path of sitePages(siteDir)) {
        await page.goto(`${servers.sandbox().url}${path}`);
        // Cells show their toolbar once their script ran: audit the page a reader uses.
        await page.waitForFunction(() => [...document.querySelectorAll('wb-cell')].every((cell) => !cell.querySelector('[data-part="toolbar"]')?.hasAttribute('hidden')));
        found.push(...(await axeViolations(page)).map((violation) => `${path}: ${violation}`));
      }
      expect(found).toEqual([]);
      await page.context().close();
    }, 900_000); // axe reads every element of every chapter (thousands of code tokens): minutes on a busy machine
  }
});

/** Press Tab until `target` has focus (at most `limit` times); fails if it never does. */
async function tabTo(page: Page, target: Locator, limit = 60): Promise<void> {
  const handle = await target.elementHandle();
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((element) => document.activeElement === element, handle)) return;
  }
  throw new Error(`${await target.evaluate((element) => element.outerHTML.slice(0, 120))} never got focus after ${limit} Tabs`);
}

/** The focus ring of the focused element: its outline, which must be there and not 0 px wide. */
const focusRing = (target: Locator) => target.evaluate((element) => {
  const style = getComputedStyle(element);
  return { style: style.outlineStyle, width: parseFloat(style.outlineWidth) };
});

describe('keyboard alone', () => {
  let page: Page;

  beforeAll(async () => {
    page = await openPage(servers.browser(), `${servers.sandbox().url}/00-hello/`);
  });

  afterAll(async () => {
    await page?.context().close();
  });

  it('runs a cell: Tab to Run, Enter, and the status says how the run ended', async () => {
    const cell = page.locator('wb-cell[data-example="00-hello/first-send"]');
    // Start from the cell's code, as a reader tabbing down the page arrives there.
    await cell.locator('[data-part="code"] pre').focus();
    const run = cell.getByRole('button', { name: 'Run', exact: true });
    await tabTo(page, run);
    expect(await focusRing(run)).toMatchObject({ style: 'solid' });
    expect((await focusRing(run)).width).toBeGreaterThanOrEqual(2);
    await screenshot(cell, 'keyboard-run-focused');

    await page.keyboard.press('Enter');
    await expect.poll(() => cell.getAttribute('aria-busy'), { timeout: 90_000 }).toBe('false');
    const output = cell.locator('[data-part="output"]');
    expect(await output.innerText()).toMatch(/message id:/);
    // One polite announcement when the run ends, not one per output line.
    const status = cell.getByRole('status');
    expect(await status.innerText()).toMatch(/^exit code 0 · \d+\.\d\d s$/);
    expect(await output.getAttribute('aria-live')).toBeNull();
    expect(await output.getAttribute('role')).toBe('region');
    // The output can be reached and scrolled with the keyboard too.
    await tabTo(page, output);
  });

  it('checks an exercise and reads its hints: Tab to Check, Space; Tab to the hints, Enter, next hint', async () => {
    const exercise = page.locator('section.wb-exercise');
    const cell = exercise.locator('wb-cell');
    await cell.locator('[data-part="code"] pre').focus();
    const check = cell.getByRole('button', { name: 'Check' });
    await tabTo(page, check);
    expect((await focusRing(check)).width).toBeGreaterThanOrEqual(2);
    await page.keyboard.press('Space');
    await expect.poll(() => cell.getAttribute('aria-busy'), { timeout: 120_000 }).toBe('false');
    // The starter is unfinished: the check fails, and says so in the status.
    expect(await cell.getByRole('status').innerText()).toContain('Check failed');

    const summary = exercise.locator('.wb-hints summary');
    await tabTo(page, summary);
    expect((await focusRing(summary)).width).toBeGreaterThanOrEqual(2);
    await page.keyboard.press('Enter');
    expect(await exercise.locator('.wb-hints li:visible').count()).toBe(1);
    const next = exercise.getByRole('button', { name: /^Show hint 2 of \d+$/ });
    await tabTo(page, next);
    await page.keyboard.press('Enter');
    expect(await exercise.locator('.wb-hints li:visible').count()).toBe(2);
    // Focus moves to the hint it revealed, so a screen reader reads it next.
    expect(await page.evaluate(() => document.activeElement?.matches('.wb-hints li'))).toBe(true);
    await screenshot(exercise, 'keyboard-exercise-hints');
  });

  it('opens a chart\'s data table from the keyboard', async () => {
    const chapter = await openPage(servers.browser(), `${servers.sandbox().url}/01-why-mq/`);
    const chart = chapter.locator('wb-live-chart').first();
    const summary = chart.locator('summary');
    await chart.evaluate((element) => element.previousElementSibling?.setAttribute('tabindex', '-1'));
    await chart.evaluate((element) => (element.previousElementSibling as HTMLElement | null)?.focus());
    await tabTo(chapter, summary, 10);
    expect((await focusRing(summary)).width).toBeGreaterThanOrEqual(2);
    await chapter.keyboard.press('Enter');
    const table = chart.locator('.wb-chart-table table');
    expect(await table.isVisible()).toBe(true);
    expect(await table.locator('thead th').count()).toBeGreaterThan(1);
    await tabTo(chapter, chart.locator('.wb-chart-table-scroll'), 5);
    await screenshot(chart, 'keyboard-chart-table');
    await chapter.context().close();
  });
});
