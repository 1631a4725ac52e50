/**
 * The broker console in a real browser, served by the real sandbox and reading the real broker:
 * on the console page a topic's offsets move after the test sends to it, and a static copy says
 * it needs the sandbox; <BrokerView> beside chapter 1's peak-shaving cell and chapter 5's open
 * transactions moves while the cell runs. Screenshots in the light and dark theme and at 375 px.
 * In a room (WORKBOOK_NAMESPACE) the page names what the test sends to `<room>-test-normal` as
 * the cells do, `test-normal`, and its counts are the room's alone (sandbox/broker/room-views.ts).
 */
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { inRoom, roomPrefix } from '../../sandbox/broker/room.ts';
import { producerFor, shutdownAll, uniqueTag } from '../support/clients.ts';
import { ensureSiteBuilt, launchBrowser, openPage, screenshot, startSandboxServer, startStaticServer, type RunningServer } from './fixture.ts';

const topic = 'test-normal';
const peakShaving = '01-why-mq/peak-shaving/with-queue';
let browser: Browser;
let sandbox: RunningServer;

beforeAll(async () => {
  await ensureSiteBuilt();
  [sandbox, browser] = await Promise.all([startSandboxServer(), launchBrowser()]);
});

// A page left open keeps polling, and every page shares the sandbox's limit on fresh reads.
afterEach(async () => {
  await Promise.all(browser.contexts().map((context) => context.close()));
});

afterAll(async () => {
  await browser?.close();
  await sandbox?.close();
});

/** The topic panel's "N messages stored since it was made" as a number. */
async function storedTotal(page: Page): Promise<number> {
  const text = await page.locator('[data-part="topic-total"]').innerText();
  return Number(/^([\d,]+) messages/.exec(text)![1].replaceAll(',', ''));
}

/** Max offsets of the queue table, by queue id. */
function maxOffsets(page: Page): Promise<number[]> {
  return page.locator('[data-part="topic-detail"] tbody tr').evaluateAll((rows) =>
    rows.map((row) => Number(row.querySelectorAll('td')[3].textContent!.replaceAll(',', ''))));
}

it('shows a topic\'s offsets moving after messages are sent to it, and finds one of them by key', async () => {
  const page = await openPage(browser, `${sandbox.url}/console/?topic=${topic}`);
  await expect.poll(() => page.locator('wb-broker-console').getAttribute('data-state'), { timeout: 30_000 }).toBe('live');
  await page.locator('[data-part="topic-total"]').waitFor();
  const before = await storedTotal(page);
  const offsetsBefore = await maxOffsets(page);
  expect(offsetsBefore).toHaveLength(4);

  // The test's own client knows nothing of rooms: it sends to the broker's name.
  const producer = await producerFor(inRoom(topic));
  const tag = uniqueTag();
  try {
    for (let i = 0; i < 3; i++) await producer.send({ topic: inRoom(topic), tag, keys: [`${tag}-${i}`], body: Buffer.from(`console ${i}`) });
  } finally {
    await shutdownAll(producer);
  }
  // The page polls by itself: no reload.
  await expect.poll(() => storedTotal(page), { timeout: 20_000 }).toBe(before + 3);
  const offsetsAfter = await maxOffsets(page);
  expect(offsetsAfter.reduce((a, b) => a + b, 0) - offsetsBefore.reduce((a, b) => a + b, 0)).toBe(3);
  expect(await page.locator('[data-part="topics"]').getByRole('button', { name: topic, exact: true }).count()).toBe(1);
  const room = roomPrefix().slice(0, -1);
  expect(await page.locator('[data-part="room"]').allInnerTexts()).toEqual(room ? [expect.stringMatching(new RegExp(`^Room ${room}: `))] : []);

  await page.locator('[data-part="lookup-topic"]').selectOption(topic);
  await page.getByLabel('key').check();
  await page.locator('input[name="value"]').fill(`${tag}-1`);
  await expect.poll(async () => {
    await page.getByRole('button', { name: 'Look up' }).click();
    return page.locator('.wb-console-message').count();
  }, { timeout: 15_000 }).toBe(1);
  expect(await page.locator('.wb-console-message').innerText()).toContain('console 1');
  expect(await page.locator('.wb-console-message').innerText()).toMatch(/Delivery attempts the broker recorded\s+No redelivery recorded/);
  await screenshot(page.locator('wb-broker-console'), 'console-light');
});

it('says "not found" for an unknown topic and keeps the rest of the page live', async () => {
  const page = await openPage(browser, `${sandbox.url}/console/?topic=no-such-${uniqueTag()}`, { colorScheme: 'dark' });
  await expect.poll(() => page.locator('[data-part="topic-detail"] [role="alert"]').textContent(), { timeout: 30_000 }).toMatch(new RegExp(`^no topic "${inRoom('no-such-')}`));
  expect(await page.locator('wb-broker-console').getAttribute('data-state')).toBe('live');
  await page.locator('[data-part="topics"]').getByRole('button', { name: topic, exact: true }).click();
  await page.locator('[data-part="topic-total"]').waitFor();
  await screenshot(page.locator('wb-broker-console'), 'console-dark');
});

it('fits a 375 px wide screen', async () => {
  const page = await openPage(browser, `${sandbox.url}/console/?topic=${topic}`, { viewport: { width: 375, height: 800 } });
  await page.locator('[data-part="topic-total"]').waitFor({ timeout: 30_000 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await screenshot(page, 'console-375');
});

it('tells the reader of a static copy that the console needs the local sandbox', async () => {
  const server = await startStaticServer();
  try {
    const page = await openPage(browser, `${server.url}/console/`);
    await expect.poll(() => page.locator('[data-part="static"]').isVisible()).toBe(true);
    expect(await page.locator('[data-part="static"]').innerText()).toMatch(/needs the local sandbox[\s\S]*npm start/);
    expect(await page.locator('[data-part="live"]').isVisible()).toBe(false);
  } finally {
    await server.close();
  }
});

const figure = async (view: Locator, name: string) => Number((await view.locator(`[data-figure="${name}"]`).innerText()).replaceAll(',', ''));

it('<BrokerView> shows the flash-sale topic and its group moving while the peak-shaving cell runs', async () => {
  const page = await openPage(browser, `${sandbox.url}/01-why-mq/`);
  const view = page.locator('wb-broker-view[data-topic="flash-sale"][data-group="flash-sale-warehouse"]');
  const cell = page.locator(`wb-cell[data-example="${peakShaving}"]`);
  await view.scrollIntoViewIfNeeded();
  await expect.poll(() => view.getAttribute('data-state'), { timeout: 30_000 }).toBe('live');
  await expect.poll(() => view.locator('[data-figure="stored"]').innerText()).not.toBe('–');
  const before = await figure(view, 'stored');

  await cell.getByRole('button', { name: 'Run', exact: true }).click();
  await view.scrollIntoViewIfNeeded();
  // Live: the stored count grows while the cell is still running, with a consumer online.
  await expect.poll(async () => (await cell.getAttribute('aria-busy')) === 'true' && (await figure(view, 'stored')) > before, { timeout: 60_000 }).toBe(true);
  await expect.poll(() => cell.getAttribute('aria-busy'), { timeout: 120_000 }).toBe('false');
  expect(await cell.locator('[data-part="output"]').innerText()).toMatch(/burst 2000, accepted 2000/);

  // The cell's 2,000 sends are all stored, and the group was handed every one of them.
  await expect.poll(() => figure(view, 'stored'), { timeout: 15_000 }).toBe(before + 2000);
  await expect.poll(() => figure(view, 'lag'), { timeout: 15_000 }).toBe(0);
  expect(await figure(view, 'handed')).toBe(await figure(view, 'stored'));
  await screenshot(view, 'broker-view-light');
});

const unknownStates = '05-transactions/questions/what-counts-as-unknown';

it('<BrokerView> beside chapter 5\'s cell counts the half messages it leaves open until check-backs end them', async () => {
  const page = await openPage(browser, `${sandbox.url}/05-transactions/`);
  const view = page.locator('wb-broker-view[data-topic="tx-unknown-states"]');
  const cell = page.locator(`wb-cell[data-example="${unknownStates}"]`);
  // The view reads the broker only while on screen, and the cell's output grows above it.
  const onScreen = async <T>(read: () => Promise<T>) => (await view.scrollIntoViewIfNeeded(), read());
  await expect.poll(() => onScreen(() => view.getAttribute('data-state')), { timeout: 30_000 }).toBe('live');
  await expect.poll(() => view.locator('[data-figure="held"]').innerText()).not.toBe('–');
  expect(await figure(view, 'held')).toBe(0);
  const before = await figure(view, 'stored');

  await cell.getByRole('button', { name: 'Run', exact: true }).click();
  // Live: half messages are counted while the cell waits for its check-backs.
  await expect.poll(() => onScreen(async () => (await cell.getAttribute('aria-busy')) === 'true' && (await figure(view, 'held')) > 0), { timeout: 60_000 }).toBe(true);
  await screenshot(view, 'broker-view-half-light');
  await expect.poll(() => cell.getAttribute('aria-busy'), { timeout: 120_000 }).toBe('false');
  // Every transaction ended: none held back, and B, C and D (committed) entered the topic.
  await expect.poll(() => onScreen(() => figure(view, 'held')), { timeout: 15_000 }).toBe(0);
  await expect.poll(() => onScreen(() => figure(view, 'stored')), { timeout: 15_000 }).toBe(before + 3);
});

for (const [name, options] of [
  ['dark', { colorScheme: 'dark' as const }],
  ['375', { viewport: { width: 375, height: 800 } }],
] as const) {
  for (const [chapter, figureName] of [['01-why-mq', 'lag'], ['05-transactions', 'held']] as const) {
    it(`<BrokerView> in chapter ${chapter} reads the broker in the ${name} layout too`, async () => {
      const page = await openPage(browser, `${sandbox.url}/${chapter}/`, options);
      const view = page.locator('wb-broker-view');
      await view.scrollIntoViewIfNeeded();
      await expect.poll(() => view.getAttribute('data-state'), { timeout: 30_000 }).toBe('live');
      await expect.poll(() => view.locator(`[data-figure="${figureName}"]`).innerText()).not.toBe('–');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await screenshot(view, `broker-view-${chapter}-${name}`);
    });
  }
}
