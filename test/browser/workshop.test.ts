/**
 * An exercise in the page as a workshop attendee does it, keys included: Check the starter (it
 * fails), read a hint, see the solution as changes to their code, use it, Check again (it passes);
 * the progress page and `npm run workshop -- list` both show it done, from the one record on disk.
 */
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { brokerEndpoints } from '../../sandbox/broker/endpoints.ts';
import { projectRoot } from '../../sandbox/broker/layout.ts';
import { run } from '../support/spawn.ts';
import { openPage, screenshot, useSandboxAndBrowser } from './fixture.ts';

const exerciseId = '01-why-mq/exercises/tag-filter';
const servers = useSandboxAndBrowser();

/** Wait until the cell is idle again after `start`; returns its output. */
async function settle(cell: Locator, start: () => Promise<void>): Promise<string> {
  await start();
  await expect.poll(() => cell.getAttribute('aria-busy'), { timeout: 120_000 }).toBe('true');
  await expect.poll(() => cell.getAttribute('aria-busy'), { timeout: 120_000 }).toBe('false');
  return cell.locator('[data-part="output"]').innerText();
}

describe('an exercise, start to done', () => {
  let page: Page;
  let exercise: Locator;
  let cell: Locator;

  beforeAll(async () => {
    page = await openPage(servers.browser(), `${servers.sandbox().url}/01-why-mq/`);
    exercise = page.locator(`[id="${exerciseId.replaceAll('/', '-')}"]`);
    cell = exercise.locator('wb-cell');
    await cell.locator('[data-part="toolbar"]').waitFor({ state: 'visible' });
  });

  it('lists its keys, and Ctrl+Shift+Enter checks the starter: it fails', async () => {
    await expect.poll(() => exercise.locator('.wb-shortcuts').innerText()).toMatch(/Shift\+Enter.*Ctrl\+Shift\+Enter.*Alt\+Shift\+H.*Alt\+Shift\+E/s);
    expect(await cell.locator('button[data-action="check"]').getAttribute('aria-keyshortcuts')).toContain('Control+Shift+Enter');
    const output = await settle(cell, async () => {
      await cell.locator('button[data-action="run"]').focus(); // anywhere in the cell: here, its toolbar
      await page.keyboard.press('Control+Shift+Enter');
    });
    expect(output).toMatch(/^✗ /m);
    expect(output).toContain('Check failed');
  });

  it('Alt+Shift+H opens the hints, and again shows the next one', async () => {
    await cell.locator('button[data-action="run"]').focus();
    await page.keyboard.press('Alt+Shift+H');
    const hints = exercise.locator('wb-hints li:not([hidden])');
    await expect.poll(() => exercise.locator('wb-hints details').getAttribute('open')).not.toBeNull();
    expect(await hints.count()).toBe(1);
    await page.keyboard.press('Alt+Shift+H');
    await expect.poll(() => hints.count()).toBe(2);
  });

  it('Alt+Shift+E opens the editor with the cursor in it', async () => {
    await cell.locator('button[data-action="run"]').focus();
    await page.keyboard.press('Alt+Shift+E');
    await expect.poll(() => page.evaluate(() => !!document.activeElement?.closest('.monaco-editor')), { timeout: 60_000 }).toBe(true);
  });

  it('shows the solution as changes to the reader\'s code, and the whole file at a click', async () => {
    const solution = exercise.locator('wb-solution');
    await solution.locator('summary').click();
    const diff = solution.locator('[data-part="diff"]');
    await diff.waitFor({ state: 'visible' });
    expect(await diff.locator('.wb-diff-del').allInnerTexts()).toContainEqual(expect.stringMatching(/^− .*TODO: subscribe to "paid" events only/));
    expect(await diff.locator('.wb-diff-add').allInnerTexts()).toContainEqual(expect.stringMatching(/^\+ .*new FilterExpression\('paid'\)/));
    await screenshot(solution, 'workshop-solution-diff');
    await solution.getByRole('button', { name: 'Show the whole file' }).click();
    expect(await diff.isHidden()).toBe(true);
    expect(await solution.locator('[data-part="whole"]').innerText()).toContain("new FilterExpression('paid')");
    await solution.getByRole('button', { name: 'Show as changes to your code' }).click();
    await diff.waitFor({ state: 'visible' });
  });

  it('uses the solution, and Check passes: the exercise is done in the page, on the progress page and in `workshop list`', async () => {
    const solution = exercise.locator('wb-solution');
    await solution.getByRole('button', { name: 'Use the solution' }).click();
    expect(await solution.locator('[data-part="diff-summary"]').innerText()).toContain('Your code is the solution');
    const output = await settle(cell, () => cell.getByRole('button', { name: 'Check', exact: true }).click());
    expect(output).toMatch(/^all \d+ checks passed$/m);
    expect(output).toContain('Check passed');
    await cell.locator('[data-part="done"]').waitFor({ state: 'visible' });

    // A fresh browser (no localStorage): the progress page reads the sandbox's record.
    const progress = await openPage(servers.browser(), `${servers.sandbox().url}/progress/`);
    const row = progress.locator(`tr[data-exercise="${exerciseId}"]`);
    await expect.poll(() => row.getAttribute('data-status')).toBe('done');
    expect(await progress.locator('[data-part="source"]').innerText()).toContain('.workbook/progress.json');
    await screenshot(progress, 'workshop-progress-light');

    const listed = await run(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'sandbox/workshop/cli.ts'), 'list'], {
      cwd: projectRoot,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1', WORKBOOK_PROGRESS_FILE: process.env.WORKBOOK_PROGRESS_FILE,
        ROCKETMQ_ENDPOINTS: brokerEndpoints().grpc, ROCKETMQ_NAMESRV: brokerEndpoints().namesrv },
    });
    expect(listed.stdout).toMatch(/✓ 01-why-mq\/tag-filter\s+done/);

    progress.once('dialog', (dialog) => void dialog.accept());
    await progress.getByRole('button', { name: 'Reset progress' }).click();
    await expect.poll(() => row.getAttribute('data-status')).toBe('not started');
    await progress.context().close();
  });
});
