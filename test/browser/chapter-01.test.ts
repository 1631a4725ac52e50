/**
 * Chapter 1 in a real browser: the peak-shaving cell runs through the real sandbox against the
 * real broker, and its LiveChart fills with produced, consumed and backlog points as the run
 * streams, readable in the light and the dark theme.
 */
import type { Browser, Locator } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ensureSiteBuilt, launchBrowser, openPage, screenshot, startSandboxServer, type RunningServer } from './fixture.ts';

const chapter = '/01-why-mq/';
const example = '01-why-mq/peak-shaving/with-queue';

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

/** WCAG contrast ratio between a series' stroke and the colour behind the chart. */
function strokeContrast(chart: Locator): Promise<number[]> {
  return chart.evaluate((element) => {
    const rgb = (css: string) => (css.match(/[\d.]+/g) ?? []).slice(0, 4).map(Number);
    const luminance = ([r, g, b]: number[]) => {
      const [R, G, B] = [r, g, b].map((c) => { const s = c / 255; return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; });
      return 0.2126 * R + 0.7152 * G + 0.0722 * B;
    };
    let node: Element | null = element;
    let background = 'rgb(255, 255, 255)';
    while (node) {
      const colour = getComputedStyle(node).backgroundColor;
      const parts = rgb(colour);
      if (colour && !(parts.length === 4 && parts[3] === 0) && colour !== 'transparent') { background = colour; break; }
      node = node.parentElement;
    }
    const back = luminance(rgb(background));
    return [...element.querySelectorAll('polyline')].map((line) => {
      const fore = luminance(rgb(getComputedStyle(line).stroke));
      return (Math.max(fore, back) + 0.05) / (Math.min(fore, back) + 0.05);
    });
  });
}

for (const colorScheme of ['light', 'dark'] as const) {
  it(`runs the peak-shaving cell and its chart fills with live points (${colorScheme} theme)`, async () => {
    const page = await openPage(browser, `${sandbox.url}${chapter}`, { colorScheme });
    const cell = page.locator(`wb-cell[data-example="${example}"]`);
    const chart = page.locator(`wb-live-chart[data-for="${example}"]`);
    await cell.getByRole('button', { name: 'Run', exact: true }).click();

    // While the run streams, the chart already shows its three series.
    await expect.poll(() => chart.locator('polyline').count(), { timeout: 60_000 }).toBe(3);
    await expect.poll(() => cell.getAttribute('aria-busy'), { timeout: 120_000 }).toBe('false');
    expect(await cell.locator('[data-part="output"]').innerText()).toMatch(/final backlog 0/);

    // Every series has a point per sample, and the backlog ended at zero.
    const pointsPerSeries = await chart.locator('polyline').evaluateAll((lines) =>
      lines.map((line) => (line.getAttribute('points') ?? '').trim().split(/\s+/).filter(Boolean).length));
    expect(pointsPerSeries).toHaveLength(3);
    for (const points of pointsPerSeries) expect(points).toBeGreaterThan(8);
    const lastValues = await chart.locator('[data-part="summary"] tbody tr').evaluateAll((rows) =>
      Object.fromEntries(rows.map((row) => [row.querySelector('th')?.textContent, row.querySelector('td')?.textContent])));
    expect(lastValues).toMatchObject({ produced: '2000', consumed: '2000', backlog: '0' });

    // Each line stands out from the page behind it (WCAG 1.4.11: at least 3:1 for graphics).
    for (const ratio of await strokeContrast(chart)) expect(ratio).toBeGreaterThanOrEqual(3);
    await screenshot(chart, `chapter-01-peak-shaving-chart-${colorScheme}`);
  });
}

it('runs the direct-call version beside it, whose chart counts the rejected and timed-out requests', async () => {
  const direct = '01-why-mq/peak-shaving/direct-calls';
  const page = await openPage(browser, `${sandbox.url}${chapter}`, { colorScheme: 'dark' });
  const cell = page.locator(`wb-cell[data-example="${direct}"]`);
  const chart = page.locator(`wb-live-chart[data-for="${direct}"]`);
  await cell.getByRole('button', { name: 'Run', exact: true }).click();
  await expect.poll(() => cell.getAttribute('aria-busy'), { timeout: 60_000 }).toBe('false');
  const output = await cell.locator('[data-part="output"]').innerText();
  const [, served, rejected, timedOut] = /served (\d+), rejected (\d+), timed out (\d+)/.exec(output)!.map(Number);
  expect(await chart.locator('polyline').count()).toBe(4);
  const lastValues = await chart.locator('[data-part="summary"] tbody tr').evaluateAll((rows) =>
    Object.fromEntries(rows.map((row) => [row.querySelector('th')?.textContent, row.querySelector('td')?.textContent])));
  expect(lastValues).toMatchObject({ requested: '2000', served: String(served), rejected: String(rejected), timedOut: String(timedOut) });
  for (const ratio of await strokeContrast(chart)) expect(ratio).toBeGreaterThanOrEqual(3);
  await screenshot(chart, 'chapter-01-direct-calls-chart-dark');
});
