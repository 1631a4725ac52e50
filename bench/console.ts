/**
 * `npm run bench:console`: what the broker console costs. Opens /console/ (a topic and a group
 * selected) and chapter 1 (its <BrokerView> on screen) in headless Chromium through a real
 * sandbox, and reports the time to the first figures and the remoting requests per second the
 * broker sees while each page stays open. Needs a running broker and a built site (`npm run build`).
 */
import path from 'node:path';
import { brokerAnswers } from '../sandbox/broker/local-broker.ts';
import { remotingCallsMade } from '../sandbox/broker/remoting.ts';
import { startSandbox } from '../sandbox/server.ts';
import { launchBrowser, openPage } from '../test/browser/chromium.ts';
import { format } from './stats.ts';

const loads = Number(process.env.BENCH_RUNS ?? 5);
const openSeconds = Number(process.env.BENCH_OPEN_SECONDS ?? 20);

if (!(await brokerAnswers()).ok) {
  console.error('No broker answers: run `npm run broker -- start` first.');
  process.exit(1);
}

const sandbox = await startSandbox({ port: 0, siteDir: path.resolve('dist') });
const browser = await launchBrowser();
try {
  const consolePage = `${sandbox.url}/console/?topic=flash-sale&group=flash-sale-warehouse`;
  const firstFigures: number[] = [];
  for (let i = 0; i < loads; i++) {
    const started = performance.now();
    const page = await openPage(browser, consolePage);
    await page.locator('[data-part="topic-total"]').waitFor();
    firstFigures.push(performance.now() - started);
    await page.context().close();
  }
  console.log(`console page, navigation to first figures: ${format(firstFigures)}`);

  for (const [name, url, onScreen] of [
    ['console page (topic + group)', consolePage, 'wb-broker-console'],
    ['chapter 1 with <BrokerView> on screen', `${sandbox.url}/01-why-mq/`, 'wb-broker-view'],
  ] as const) {
    const page = await openPage(browser, url);
    await page.locator(onScreen).scrollIntoViewIfNeeded();
    await page.waitForTimeout(3000); // let the first reads and their cache settle before counting
    const [calls, reads] = [remotingCallsMade(), sandbox.consoleReads()];
    await page.waitForTimeout(openSeconds * 1000);
    const perSecond = (n: number) => (n / openSeconds).toFixed(1);
    console.log(`${name}: ${perSecond(remotingCallsMade() - calls)} remoting requests/s, ${perSecond(sandbox.consoleReads() - reads)} API reads/s over ${openSeconds} s`);
    await page.context().close();
  }
} finally {
  await browser.close();
  await sandbox.close();
}
