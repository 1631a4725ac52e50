/**
 * The console and <BrokerView> while the broker stops answering: both pages say so, with what to
 * do, and show live figures again once it answers, without a reload. The broker is paused
 * (SIGSTOP, sandbox/faults/pause.ts): it stops answering at once and comes back at once, where a
 * real stop and start would cost the suite a JVM start. Its file name puts it in the suite's
 * "stops the broker" step (vitest.config.ts).
 */
import { expect, it } from 'vitest';
import { brokerAnswers } from '../../sandbox/broker/local-broker.ts';
import { pauseBroker } from '../../sandbox/faults/pause.ts';
import { openPage, screenshot, useSandboxAndBrowser } from './fixture.ts';

const { browser, sandbox } = useSandboxAndBrowser();

it('shows that the broker does not answer, and recovers when it is back', async () => {
  const consolePage = await openPage(browser(), `${sandbox().url}/console/?topic=test-normal`);
  const chapterPage = await openPage(browser(), `${sandbox().url}/01-why-mq/`, { colorScheme: 'dark', viewport: { width: 375, height: 800 } });
  const consoleView = consolePage.locator('wb-broker-console');
  const view = chapterPage.locator('wb-broker-view');
  await view.scrollIntoViewIfNeeded();
  await expect.poll(() => consoleView.getAttribute('data-state'), { timeout: 30_000 }).toBe('live');
  await expect.poll(() => view.getAttribute('data-state'), { timeout: 30_000 }).toBe('live');

  const pause = pauseBroker(60); // the watchdog resumes it after 60 s whatever happens here
  expect(pause, 'this test needs the broker the workbook started (npm run broker -- start)').toBeDefined();
  try {
    await expect.poll(() => consoleView.getAttribute('data-state'), { timeout: 30_000 }).toBe('down');
    expect(await consoleView.locator('[data-part="state"]').innerText()).toMatch(/^RocketMQ does not answer \(name server [^)]+\): .*Start RocketMQ with `npm run broker -- start`/);
    await expect.poll(() => view.getAttribute('data-state'), { timeout: 30_000 }).toBe('down');
    expect(await view.locator('[data-part="state"]').innerText()).toMatch(/^RocketMQ does not answer/);
    await screenshot(consoleView, 'console-broker-down-light');
    await screenshot(view, 'broker-view-broker-down-dark-375');
  } finally {
    pause!.resume();
  }

  await expect.poll(async () => (await brokerAnswers()).ok, { timeout: 30_000 }).toBe(true);
  await expect.poll(() => consoleView.getAttribute('data-state'), { timeout: 30_000 }).toBe('live');
  expect(await consoleView.locator('[data-part="state"]').innerText()).toMatch(/^Live · read at/);
  await consolePage.locator('[data-part="topic-total"]').waitFor();
  await expect.poll(() => view.getAttribute('data-state'), { timeout: 30_000 }).toBe('live');
  expect(await view.locator('[data-part="state"]').innerText()).toMatch(/^Live · read at/);
});
