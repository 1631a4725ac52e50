/**
 * `npm run bench:site`: how heavy the reading edition is on the wire. Serves dist/ exactly as the
 * sandbox does (sandbox/http/static-site.ts: compression, caching headers, a token in every page
 * so cells show their toolbar), opens each chapter page in headless Chromium with an empty cache,
 * and prints per page: JavaScript transferred before Edit, total transfer, Largest Contentful
 * Paint; then the bytes the first Edit transfers (editor, TypeScript worker, type declarations).
 * Bytes are counted on the server's sockets: what went over the wire, headers included.
 * No broker needed. Budgets (issue 14): JS before Edit ≤ 60 KB, LCP ≤ 1 s, first Edit ≤ 4 MB.
 */
import fs from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { projectRoot } from '../sandbox/broker/layout.ts';
import { serveStatic } from '../sandbox/http/static-site.ts';
import { buildSite, siteIsFresh } from '../sandbox/site-build.ts';
import { summary } from './stats.ts';

const siteDir = path.join(projectRoot, 'dist');
const loadsPerPage = Number(process.env.BENCH_RUNS ?? 3);
const budgets = { jsBeforeEdit: 60 * 1024, lcpMs: 1000, firstEdit: 4 * 1024 * 1024 };
/** The network counts as settled after this long without a request in flight or starting. */
const quietMs = 1500;

/** One response as the server sent it. */
interface Transfer {
  url: string;
  type: string;
  bytes: number;
}

/** A local server in front of serveStatic that counts the bytes each response put on its socket. */
async function countingServer(): Promise<{ url: string; transfers: Transfer[]; quiet(): Promise<void>; close(): Promise<void> }> {
  const transfers: Transfer[] = [];
  let inFlight = 0;
  let lastActivity = Date.now();
  const server = http.createServer((request: IncomingMessage, response: ServerResponse) => {
    const socket = request.socket;
    const before = socket.bytesWritten;
    inFlight++;
    lastActivity = Date.now();
    response.on('close', () => {
      inFlight--;
      lastActivity = Date.now();
      const type = String(response.getHeader('content-type') ?? '').split(';')[0];
      transfers.push({ url: request.url ?? '', type, bytes: socket.bytesWritten - before });
    });
    serveStatic(siteDir, request, 'bench-token', response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    transfers,
    async quiet() {
      while (inFlight > 0 || Date.now() - lastActivity < quietMs) await new Promise((resolve) => setTimeout(resolve, 100));
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

const isScript = (transfer: Transfer) => /javascript/.test(transfer.type) || /\.m?js(\?|$)/.test(transfer.url);
const sum = (transfers: Transfer[]) => transfers.reduce((total, transfer) => total + transfer.bytes, 0);
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const mark = (ok: boolean) => (ok ? 'ok' : 'OVER BUDGET');

/** The Largest Contentful Paint the page reported, in ms. */
function largestContentfulPaint(page: Page): Promise<number> {
  return page.evaluate(() => new Promise<number>((resolve) => {
    new PerformanceObserver((list) => resolve(list.getEntries().at(-1)!.startTime)).observe({ type: 'largest-contentful-paint', buffered: true });
  }));
}

/** Chapter pages of the built site: the folders whose name starts with a chapter number. */
function chapterPages(): string[] {
  return fs.readdirSync(siteDir).filter((name) => /^\d\d-/.test(name) && fs.existsSync(path.join(siteDir, name, 'index.html'))).sort().map((name) => `/${name}/`);
}

if (!siteIsFresh()) await buildSite((line) => console.log(line));
const server = await countingServer();
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update'],
});

let worstJs = 0;
let worstLcp = 0;
console.log(`dist/ served as the sandbox serves it; each page loaded ${loadsPerPage}× with an empty cache`);
console.log('page                  JS before Edit   total transfer   LCP (median)');
for (const chapter of chapterPages()) {
  const lcps: number[] = [];
  let js = 0;
  let total = 0;
  for (let i = 0; i < loadsPerPage; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(120_000);
    const from = server.transfers.length;
    await page.goto(`${server.url}${chapter}`, { waitUntil: 'load' });
    await server.quiet();
    lcps.push(await largestContentfulPaint(page));
    const loaded = server.transfers.slice(from);
    js = sum(loaded.filter(isScript));
    total = sum(loaded);
    await context.close();
  }
  const lcp = summary(lcps).median;
  worstJs = Math.max(worstJs, js);
  worstLcp = Math.max(worstLcp, lcp);
  console.log(`${chapter.padEnd(22)}${kb(js).padStart(14)}${kb(total).padStart(17)}${`${lcp.toFixed(0)} ms`.padStart(15)}`);
}

// The first Edit on a fresh page: everything until the editor is up and the network has settled.
const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
const page = await context.newPage();
page.setDefaultTimeout(120_000);
const editPage = chapterPages()[0];
await page.goto(`${server.url}${editPage}`, { waitUntil: 'load' });
await server.quiet();
const from = server.transfers.length;
await page.locator('wb-cell').first().getByRole('button', { name: 'Edit' }).click();
await page.locator('wb-cell .monaco-editor').first().waitFor({ timeout: 120_000 });
await server.quiet();
const edit = server.transfers.slice(from);
await context.close();
await browser.close();
await server.close();

console.log(`\nfirst Edit on ${editPage}: ${kb(sum(edit))} in ${edit.length} responses (${kb(sum(edit.filter(isScript)))} of it JavaScript)`);
for (const transfer of [...edit].sort((a, b) => b.bytes - a.bytes).slice(0, 5)) console.log(`  ${kb(transfer.bytes).padStart(10)}  ${transfer.url}`);
console.log('\nbudgets (worst page):');
console.log(`  JS before Edit  ${kb(worstJs).padStart(10)}  ≤ ${kb(budgets.jsBeforeEdit)}  ${mark(worstJs <= budgets.jsBeforeEdit)}`);
console.log(`  LCP             ${`${worstLcp.toFixed(0)} ms`.padStart(10)}  ≤ ${budgets.lcpMs} ms    ${mark(worstLcp <= budgets.lcpMs)}`);
console.log(`  first Edit      ${kb(sum(edit)).padStart(10)}  ≤ ${kb(budgets.firstEdit)}  ${mark(sum(edit) <= budgets.firstEdit)}`);
