/**
 * Chapter 1's outage cell in a real browser against the real broker: the "Pause the broker for
 * 15 s" control beside Run, pressed when the cell says so; a page closed in the middle of the
 * fault; and a broker the workbook did not start, for which the control says why it is off.
 */
import type { Locator, Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { brokerAnswers } from '../../sandbox/broker/local-broker.ts';
import { runningPid } from '../../sandbox/broker/processes.ts';
import { isStopped } from '../../sandbox/faults/pause.ts';
import { openPage, screenshot, startSandboxServer, useSandboxAndBrowser } from './fixture.ts';

const chapter = '/01-why-mq/';
const example = '01-why-mq/costs/broker-outage';

const { browser, sandbox } = useSandboxAndBrowser();

const cellOf = (page: Page) => page.locator(`wb-cell[data-example="${example}"]`);
const controlOf = (cell: Locator) => cell.getByRole('button', { name: 'Pause the broker for 15 s' });
const noteOf = (cell: Locator) => cell.locator('[data-part="fault-note"]');

/** Run the cell and press the control once the cell asks for it; resolves when the broker is paused. */
async function runAndPause(cell: Locator): Promise<void> {
  const control = controlOf(cell);
  expect(await control.isDisabled()).toBe(true); // nothing to pause before the cell runs
  await cell.getByRole('button', { name: 'Run', exact: true }).click();
  await expect.poll(() => noteOf(cell).innerText(), { timeout: 60_000 }).toBe('Now press “Pause the broker for 15 s”.');
  expect(await control.getAttribute('class')).toContain('wb-cue');
  await control.click();
  await expect.poll(() => noteOf(cell).innerText(), { timeout: 10_000 }).toMatch(/^The broker is paused for 15 s/);
  await expect.poll(() => isStopped(runningPid('broker')!), { timeout: 2000 }).toBe(true);
}

// One outage (about 25 s) serves both themes: the dark screenshots are of the same cell, the page
// switched to the dark scheme (Starlight follows prefers-color-scheme while its theme is "auto").
it('pressing the control when the cell says so shows a failed send and a recovery (light and dark theme)', async () => {
  const page = await openPage(browser(), `${sandbox().url}${chapter}`, { colorScheme: 'light' });
  const cell = cellOf(page);
  const inBothThemes = async (name: string) => {
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe(colorScheme);
      await screenshot(cell, `chapter-01-outage-${name}-${colorScheme}`);
    }
    await page.emulateMedia({ colorScheme: 'light' });
  };
  await cell.scrollIntoViewIfNeeded();
  await runAndPause(cell);
  expect(await controlOf(cell).isDisabled()).toBe(true); // one fault at a time
  await inBothThemes('paused');

  await expect.poll(() => cell.getAttribute('aria-busy'), { timeout: 120_000 }).toBe('false');
  const output = await cell.locator('[data-part="output"]').innerText();
  // The workbook's own lines mark the fault in the output, around what the producer saw.
  expect(output).toMatch(/The broker is paused for 15 s[^]*FAILED after \d+ ms: 4 DEADLINE_EXCEEDED[^]*The broker goes on \(SIGCONT\)\.[^]*OK again after \d+ ms/);
  expect(output).toMatch(/summary: sent \d+, ok \d+, failed [1-9]\d*, recovered after [\d.]+ s/);
  expect(output).toMatch(/exit code 0/);
  expect(await noteOf(cell).innerText()).toBe('The broker goes on (SIGCONT).');
  expect(await controlOf(cell).isDisabled()).toBe(true);
  expect((await brokerAnswers()).ok).toBe(true);
  await inBothThemes('recovered');
  await page.context().close();
});

it('resumes the broker when the page is closed in the middle of the fault', async () => {
  const page = await openPage(browser(), `${sandbox().url}${chapter}`, { viewport: { width: 375, height: 800 } });
  const cell = cellOf(page);
  await cell.scrollIntoViewIfNeeded();
  await runAndPause(cell);
  await screenshot(cell, 'chapter-01-outage-paused-375px');
  await page.context().close();
  // Nobody watches the run any more; the fault still ends (its 15 s, or the run's end) and the broker answers.
  await expect.poll(() => isStopped(runningPid('broker')!), { timeout: 60_000, interval: 250 }).toBe(false);
  await expect.poll(async () => (await brokerAnswers()).ok, { timeout: 30_000 }).toBe(true);
});

it('says why the control is off for a broker the workbook did not start', async () => {
  process.env.ROCKETMQ_ENDPOINTS = '127.0.0.1:8081'; // "a broker given by ROCKETMQ_ENDPOINTS"
  const other = await startSandboxServer(); // a fresh /api/health, read with this environment
  try {
    const page = await openPage(browser(), `${other.url}${chapter}`, { colorScheme: 'dark' });
    const cell = cellOf(page);
    await cell.scrollIntoViewIfNeeded();
    await expect.poll(() => noteOf(cell).innerText(), { timeout: 10_000 }).toMatch(
      /^Pausing the broker is not available here\. The workbook uses the broker given by ROCKETMQ_ENDPOINTS=127\.0\.0\.1:8081, which it did not start/);
    expect(await controlOf(cell).isDisabled()).toBe(true);
    await screenshot(cell.locator('[data-part="toolbar"]'), 'chapter-01-outage-unavailable-dark');
    await page.context().close();
  } finally {
    delete process.env.ROCKETMQ_ENDPOINTS;
    await other.close();
  }
});
