/**
 * Browser-test fixture: a fresh site build, the real sandbox (or a plain static server for the
 * static-copy case), and Debian's Chromium driven by playwright-core.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startSandbox } from '../../sandbox/server.ts';
import { buildSite, sandboxEdition, siteIsFresh } from '../../sandbox/site-build.ts';
import { artifactsDir, backgroundBuildDone, staticEdition } from '../support/site-editions.ts';
import { launchBrowser } from './chromium.ts';

export { artifactsDir, staticEdition } from '../support/site-editions.ts';

/** The built site. */
export const siteDir = path.resolve('dist');

/** Build the site with `npm run build` when dist/ is missing or older than content/, src/, examples/ (after the suite's background build). */
export async function ensureSiteBuilt(): Promise<void> {
  await backgroundBuildDone(sandboxEdition);
  if (!siteIsFresh()) await buildSite((line) => console.log(`[site] ${line}`));
}

/** Build the static edition into test-artifacts/static-site/ when it is missing or older than its sources. */
export async function ensureStaticEditionBuilt(): Promise<void> {
  await backgroundBuildDone(staticEdition);
  if (!siteIsFresh(staticEdition)) await buildSite((line) => console.log(`[static site] ${line}`), staticEdition);
}

/** A server the tests talk to: its base URL, and how to stop it. */
export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/** Start the real sandbox (site + API, token in every page) on a free port. */
export async function startSandboxServer(): Promise<RunningServer & { token: string }> {
  // A fresh progress record (sandbox/workshop/progress.ts) for each sandbox: Checks that earlier
  // test files ran in this suite recorded theirs, and would show exercises done that this file
  // expects not started. Browser files run one at a time, so the process-wide variable is theirs.
  process.env.WORKBOOK_PROGRESS_FILE = path.join(fs.mkdtempSync(path.join(process.env.WORKBOOK_SUITE_DIR ?? os.tmpdir(), 'progress-')), 'progress.json');
  const sandbox = await startSandbox({ port: 0, siteDir });
  return { url: sandbox.url, token: sandbox.token, close: () => sandbox.close() };
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml',
  '.ttf': 'font/ttf', '.woff2': 'font/woff2', '.wasm': 'application/wasm', '.xml': 'application/xml', '.txt': 'text/plain',
};

/**
 * Serve a built site as any static host would: no sandbox token, no API, plain files; under a
 * base path when the site was built for one (a request outside it is a 404, as on such a host).
 */
export async function startStaticServer(options: { root?: string; base?: string } = {}): Promise<RunningServer> {
  const root = options.root ?? siteDir;
  const base = options.base ?? '/';
  const server = http.createServer((request, response) => {
    const urlPath = decodeURIComponent(new URL(request.url ?? '/', 'http://static').pathname);
    let file = urlPath.startsWith(base) ? path.join(root, path.normalize(`/${urlPath.slice(base.length)}`)) : '';
    if (file && fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!file.startsWith(root) || !fs.existsSync(file)) {
      response.writeHead(404).end('Not found');
      return;
    }
    response.writeHead(200, { 'Content-Type': contentTypes[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

export { launchBrowser, openPage } from './chromium.ts';

/** Save a screenshot of the page (the viewport) or of one element as test-artifacts/<name>.png. */
export async function screenshot(target: Page | Locator, name: string): Promise<string> {
  fs.mkdirSync(artifactsDir, { recursive: true });
  const file = path.join(artifactsDir, `${name}.png`);
  // Starlight's sticky header would cover the top of an element scrolled into view.
  await target.screenshot({ path: file, style: 'header.header { visibility: hidden !important; }' });
  return file;
}

/** For a test file: a fresh site build, the real sandbox and Chromium before its tests, both closed after them. */
export function useSandboxAndBrowser(): { sandbox(): RunningServer & { token: string }; browser(): Browser } {
  let sandbox: RunningServer & { token: string };
  let browser: Browser;
  beforeAll(async () => {
    await ensureSiteBuilt();
    [sandbox, browser] = await Promise.all([startSandboxServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await sandbox?.close();
  });
  return { sandbox: () => sandbox, browser: () => browser };
}
