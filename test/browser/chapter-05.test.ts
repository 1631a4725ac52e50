/**
 * Chapters 4 and 5 in a real browser: a transaction cell runs through the real sandbox against the
 * real broker, and its Timeline fills with the run's marks (half message, local transaction,
 * commit, delivery) in the order they happened, in the light and the dark theme and at 375 px.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ensureSiteBuilt, launchBrowser, openPage, screenshot, startSandboxServer, type RunningServer } from './fixture.ts';

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

const example = '05-transactions/outcomes/commit';

for (const [colorScheme, width] of [['light', 1280], ['dark', 375]] as const) {
  it(`runs the commit cell and its timeline shows half message, local transaction, commit and delivery, in order (${colorScheme}, ${width} px)`, async () => {
    const page = await openPage(browser, `${sandbox.url}/05-transactions/`, { colorScheme, viewport: { width, height: 900 } });
    const cell = page.locator(`wb-cell[data-example="${example}"]`);
    const timeline = page.locator(`wb-timeline[data-for="${example}"]`);
    await cell.getByRole('button', { name: 'Run', exact: true }).click();
    await expect.poll(() => cell.getAttribute('aria-busy'), { timeout: 120_000 }).toBe('false');
    expect(await cell.locator('[data-part="output"]').innerText()).toMatch(/summary: delivered 1 time/);

    // The table of marks lists this run's marks, in time order.
    const rows = await timeline.locator('[data-part="rows"] tr').evaluateAll((trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td, th')].map((cellOf) => cellOf.textContent?.trim() ?? '')));
    const labels = rows.map((row) => `${row[1]}: ${row[2]}`);
    const order = ['producer: half message', 'local transaction: begin', 'local transaction: committed', 'producer: commit', 'consumer: delivered'];
    const positions = order.map((label) => labels.indexOf(label));
    for (const [i, position] of positions.entries()) expect(position, `${order[i]} in ${labels.join(' | ')}`).toBeGreaterThanOrEqual(0);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(await timeline.locator('[data-part="count"]').innerText()).toContain(String(rows.length));

    // One lane per actor, each with its marks drawn.
    const laneNames = await timeline.locator('.wb-tl-lane-name').allInnerTexts();
    for (const lane of ['producer', 'local transaction', 'consumer']) expect(laneNames).toContain(lane);
    expect(await timeline.locator('.wb-tl-track button').count()).toBe(rows.length);
    await screenshot(timeline, `chapter-05-commit-timeline-${colorScheme}-${width}`);
  });
}

it('shows chapter 4 with its cells, timelines and exercises', async () => {
  const page = await openPage(browser, `${sandbox.url}/04-consuming/`, { colorScheme: 'light' });
  expect(await page.locator('wb-cell').count()).toBeGreaterThanOrEqual(9);
  for (const id of ['04-consuming/retries/push-failure', '04-consuming/retries/simple-backoff', '04-consuming/retries/fifo-push-failure']) {
    await expect.poll(() => page.locator(`wb-timeline[data-for="${id}"]`).count()).toBe(1);
  }
  expect(await page.locator('.wb-exercise').count()).toBe(2);
});
