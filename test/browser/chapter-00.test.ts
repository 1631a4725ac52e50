/**
 * Chapter 0 in a real browser: cells run against the real sandbox and broker, the editor edits
 * and type-checks, edits persist until Reset, and a static copy explains how to run locally.
 */
import fs from 'node:fs';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ensureSiteBuilt, launchBrowser, openPage, screenshot, startSandboxServer, startStaticServer, type RunningServer,
} from './fixture.ts';

const chapter = '/00-hello/';
const firstSend = '00-hello/first-send';
const firstReceive = '00-hello/first-receive';
const exerciseId = '00-hello/exercises/send-and-receive';
/** RocketMQ 5 message ids: 34 upper-case hex digits, starting with the version "01". */
const messageIdPattern = /message id:\s+(01[0-9A-F]{32})\b/;

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

const cellOf = (page: Page, example: string) => page.locator(`wb-cell[data-example="${example}"]`);

/** Press Run (or `start` it some other way) and wait until the cell is idle again; returns the output text. */
async function run(cell: Locator, start: () => Promise<void> = () => cell.getByRole('button', { name: 'Run', exact: true }).click()): Promise<string> {
  await start();
  await expect.poll(() => cell.getAttribute('aria-busy'), { timeout: 90_000 }).toBe('false');
  return cell.locator('[data-part="output"]').innerText();
}

/** The text of the Monaco model behind a cell's editor. */
const editorText = (page: Page, example: string) =>
  page.evaluate((uri) => (window as any).monaco.editor.getModel((window as any).monaco.Uri.parse(uri))?.getValue() as string, `file:///examples/${example}.ts`);

describe('chapter 0 served by the sandbox', () => {
  let page: Page;

  beforeAll(async () => {
    page = await openPage(browser, `${sandbox.url}${chapter}`);
  });

  it('runs "first send" and streams a real message id', async () => {
    const cell = cellOf(page, firstSend);
    const output = await run(cell);
    expect(output).toMatch(messageIdPattern);
    expect(output).toMatch(/exit code 0 · \d+\.\d\d s/);
    await screenshot(cell, 'chapter-00-first-send-ran');
  });

  it('loads the editor only on Edit, with the client library\'s types', async () => {
    const monacoRequests: string[] = [];
    page.on('request', (request) => {
      // Monaco's scripts, its workers and its stylesheet, bundled by Vite (src/scripts/monaco.ts).
      // The stylesheet is not in the page's <head> (src/integrations/editor-css-on-demand.ts).
      if (/\/_astro\/(monaco|ts\.worker|editor\.worker)[.-][^/]*\.(js|css)$/.test(request.url())) monacoRequests.push(request.url());
    });
    await page.reload();
    expect(monacoRequests).toEqual([]);
    const cell = cellOf(page, firstSend);
    await cell.getByRole('button', { name: 'Edit' }).click();
    await cell.locator('.monaco-editor').waitFor();
    expect(monacoRequests.filter((url) => url.endsWith('.css'))).toHaveLength(1);
    expect(monacoRequests.length).toBeGreaterThan(1);
    // The stylesheet applies: Monaco's rule `.monaco-editor .overflow-guard { overflow: hidden }` (editor.css).
    expect(await cell.locator('.monaco-editor .overflow-guard').first().evaluate((el) => getComputedStyle(el).overflow)).toBe('hidden');
    expect(await cell.getByRole('button', { name: 'Close editor' }).getAttribute('aria-pressed')).toBe('true');

    // A misspelt method is an error only when the editor knows the Producer type from rocketmq-client-nodejs.
    const markers = () => page.evaluate(() => {
      const monaco = (window as any).monaco;
      return monaco.editor.getModelMarkers({ resource: monaco.Uri.parse('file:///examples/00-hello/first-send.ts') })
        .map((marker: { message: string }) => marker.message) as string[];
    });
    const original = await editorText(page, firstSend);
    await page.evaluate((code) => (window as any).monaco.editor.getModels()
      .find((model: any) => model.uri.path === '/examples/00-hello/first-send.ts').setValue(code), original.replace('producer.send(', 'producer.sendd('));
    await expect.poll(markers, { timeout: 30_000 }).toContainEqual(expect.stringContaining("Property 'sendd' does not exist on type 'Producer'"));
    await cell.getByRole('button', { name: 'Reset' }).click();
    await expect.poll(markers, { timeout: 30_000 }).toEqual([]);
    await screenshot(cell, 'chapter-00-editor-open');
  });

  it('runs an edited "first send"; "first receive" gets the edited text', async () => {
    const cell = cellOf(page, firstSend);
    const marker = `Hi from the browser test ${Date.now()}`;
    // Select the greeting in the editor and type over it, as a reader would.
    await page.evaluate(() => {
      const monaco = (window as any).monaco;
      const editor = monaco.editor.getEditors()[0];
      const [match] = editor.getModel().findMatches('Hello, RocketMQ!', false, false, true, null, false);
      editor.setSelection(match.range);
      editor.focus();
    });
    await page.keyboard.type(marker);
    await expect.poll(() => cell.locator('[data-part="edited"]').isVisible()).toBe(true);
    expect(await editorText(page, firstSend)).toContain(marker);

    const sendOutput = await run(cell, () => page.keyboard.press('Shift+Enter'));
    expect(sendOutput).toMatch(messageIdPattern);

    // Earlier runs may have left messages for this group: receive until ours came back.
    const receiver = cellOf(page, firstReceive);
    let received = '';
    for (let attempt = 0; attempt < 5 && !received.includes(marker); attempt++) received = await run(receiver);
    expect(received).toContain(marker);
    await screenshot(cell, 'chapter-00-edited-send');
    await screenshot(receiver, 'chapter-00-edited-receive');
  });

  it('keeps the edit across a reload, marked "edited", until Reset restores the original', async () => {
    await page.reload();
    const cell = cellOf(page, firstSend);
    await expect.poll(() => cell.locator('[data-part="edited"]').isVisible()).toBe(true);
    await expect.poll(() => cell.locator('[data-part="edited-code"]').innerText()).toContain('Hi from the browser test');
    expect(await cell.locator('[data-part="code"]').isVisible()).toBe(false);
    await screenshot(cell, 'chapter-00-edited-after-reload');

    await cell.getByRole('button', { name: 'Reset' }).click();
    expect(await cell.locator('[data-part="edited"]').isVisible()).toBe(false);
    expect(await cell.locator('[data-part="code"]').innerText()).toContain('Hello, RocketMQ!');
    const stored = await page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('wb-edit:')));
    expect(stored).toEqual([]);
    await page.reload();
    expect(await cellOf(page, firstSend).locator('[data-part="edited"]').isVisible()).toBe(false);
    await screenshot(cellOf(page, firstSend), 'chapter-00-reset');
  });

  it('works through the exercise: hints one at a time, the starter fails its check, the solution passes', async () => {
    const exercise = page.locator('section.wb-exercise').filter({ has: page.locator(`wb-cell[data-exercise="${exerciseId}"]`) });
    const cell = exercise.locator('wb-cell');
    await exercise.scrollIntoViewIfNeeded();

    // Hints: the first one, then one more per click.
    await exercise.locator('.wb-hints summary').click();
    const hints = exercise.locator('.wb-hints li');
    const hintCount = await hints.count();
    expect(hintCount).toBeGreaterThan(1);
    expect(await exercise.locator('.wb-hints li:visible').count()).toBe(1);
    await exercise.getByRole('button', { name: `Show hint 2 of ${hintCount}` }).click();
    expect(await exercise.locator('.wb-hints li:visible').count()).toBe(2);

    const check = () => run(cell, () => cell.getByRole('button', { name: 'Check' }).click());
    expect(await check()).toContain('Check failed');
    expect(await cell.locator('[data-part="done"]').isVisible()).toBe(false);
    await screenshot(exercise, 'chapter-00-exercise-failed');

    // The reader's code becomes the solution (pasted into the editor), and passes.
    await cell.getByRole('button', { name: 'Edit' }).click();
    await cell.locator('.monaco-editor').waitFor();
    const solution = fs.readFileSync(`examples/${exerciseId}/solution.ts`, 'utf8');
    await page.evaluate(([uri, code]) => (window as any).monaco.editor.getModel((window as any).monaco.Uri.parse(uri)).setValue(code),
      [`file:///examples/${exerciseId}/starter.ts`, solution]);
    expect(await check()).toContain('Check passed');
    expect(await cell.locator('[data-part="done"]').isVisible()).toBe(true);

    await exercise.locator('.wb-solution summary').click();
    expect(await exercise.locator('.wb-solution').innerText()).toContain(solution.split('\n')[0]);
    await screenshot(exercise, 'chapter-00-exercise-passed');

    // Progress outlives the page; the solution stays the reader's edit until Reset.
    await page.reload();
    const reloaded = page.locator(`wb-cell[data-exercise="${exerciseId}"]`);
    expect(await reloaded.locator('[data-part="done"]').isVisible()).toBe(true);
    await reloaded.getByRole('button', { name: 'Reset' }).click();
    expect(await reloaded.locator('[data-part="edited"]').isVisible()).toBe(false);
  });

  it('reads well in dark mode and on a 375 px wide phone', async () => {
    const dark = await openPage(browser, `${sandbox.url}${chapter}`, { colorScheme: 'dark' });
    const darkCell = cellOf(dark, firstSend);
    expect(await run(darkCell)).toMatch(messageIdPattern);
    await darkCell.scrollIntoViewIfNeeded();
    await screenshot(dark, 'chapter-00-dark');
    await dark.context().close();

    const phone = await openPage(browser, `${sandbox.url}${chapter}`, { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });
    const phoneCell = cellOf(phone, firstSend);
    expect(await run(phoneCell)).toMatch(messageIdPattern);
    await phoneCell.locator('[data-part="toolbar"]').scrollIntoViewIfNeeded();
    await screenshot(phone, 'chapter-00-phone');
    // The page itself never scrolls sideways: code and output scroll inside their boxes.
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await phone.context().close();
  });
});

describe('chapter 0 on a static host (no sandbox)', () => {
  let staticSite: RunningServer;

  beforeAll(async () => {
    staticSite = await startStaticServer();
  });

  afterAll(async () => {
    await staticSite?.close();
  });

  it('explains how to run it locally instead of offering Run', async () => {
    const page = await openPage(browser, `${staticSite.url}${chapter}`);
    const cell = cellOf(page, firstSend);
    const notice = cell.locator('[data-part="static"]');
    expect(await notice.isVisible()).toBe(true);
    expect(await notice.innerText()).toContain('npm install && npm start');
    expect(await notice.getByRole('link').getAttribute('href')).toBe(`http://127.0.0.1:4321${chapter}`);
    expect(await cell.getByRole('button', { name: 'Run', exact: true }).isVisible()).toBe(false);
    const recording = fs.existsSync(`recordings/${firstSend}.json`);
    expect(await cell.locator('[data-part="recorded"]').count()).toBe(recording ? 1 : 0);
    if (recording) expect(await cell.locator('[data-part="recorded"] figcaption').innerText()).toMatch(/^Recorded output from a real run on /);
    await screenshot(cell, 'chapter-00-static');
    await page.context().close();
  });
});
