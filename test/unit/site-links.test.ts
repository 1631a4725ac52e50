/**
 * Links on the site: chapters write links from the root and the base path is added for them
 * (rehypeBaseLinks); the build fails on a link to a page or heading that does not exist
 * (the link check, on a fixture site and through a real `astro build` of a one-page project).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rehypeBaseLinks, withBase } from '../../src/integrations/base-links.ts';
import linkCheck, { describeBrokenLinks, findBrokenLinks } from '../../src/integrations/link-check.ts';

const temporary: string[] = [];
afterAll(() => temporary.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

/** A built site in a temporary folder: relative path → HTML. */
function fixtureSite(pages: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-links-'));
  temporary.push(dir);
  for (const [file, html] of Object.entries(pages)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), html);
  }
  return dir;
}

const pageWith = (body: string) => `<!doctype html><html><head><link rel="stylesheet" href="/wb/_astro/site.css"></head><body>${body}</body></html>`;

describe('links written from the root get the base path', () => {
  it('prefixes root links, and leaves relative, external, protocol-relative and already-prefixed ones alone', () => {
    expect(withBase('/02-sending/#retries', '/rocketmq-workbook/')).toBe('/rocketmq-workbook/02-sending/#retries');
    expect(withBase('/02-sending/', '/')).toBe('/02-sending/');
    expect(withBase('./00-hello/', '/rocketmq-workbook/')).toBe('./00-hello/');
    expect(withBase('#consistency', '/rocketmq-workbook/')).toBe('#consistency');
    expect(withBase('https://rocketmq.apache.org/', '/rocketmq-workbook/')).toBe('https://rocketmq.apache.org/');
    expect(withBase('//cdn.example/x.js', '/rocketmq-workbook/')).toBe('//cdn.example/x.js');
    expect(withBase('/rocketmq-workbook/00-hello/', '/rocketmq-workbook/')).toBe('/rocketmq-workbook/00-hello/');
  });

  it('rewrites markdown links and JSX links in a chapter tree', () => {
    const tree = {
      type: 'root',
      children: [
        { type: 'element', tagName: 'p', properties: {}, children: [{ type: 'element', tagName: 'a', properties: { href: '/04-consuming/' }, children: [] }] },
        { type: 'mdxJsxFlowElement', name: 'a', attributes: [{ type: 'mdxJsxAttribute', name: 'href', value: '/00-hello/' }], children: [] },
        { type: 'element', tagName: 'img', properties: { src: '/diagram.svg' }, children: [] },
      ],
    };
    rehypeBaseLinks({ base: '/wb/' })(tree);
    expect(JSON.stringify(tree)).toContain('"href":"/wb/04-consuming/"');
    expect(JSON.stringify(tree)).toContain('"value":"/wb/00-hello/"');
    expect(JSON.stringify(tree)).toContain('"src":"/wb/diagram.svg"');
  });
});

describe('the link check', () => {
  const good = {
    'index.html': pageWith('<a href="/wb/00-hello/">start</a><a href="00-hello/#first-send">relative</a><a href="https://rocketmq.apache.org/">away</a><a href="#_top">top</a>'),
    '00-hello/index.html': pageWith('<h2 id="first-send">First send</h2><a href="/wb/">home</a><a href="../01-why-mq/#costs">next</a><img src="/wb/diagram.svg">'),
    '01-why-mq/index.html': pageWith('<h2 id="costs">Costs</h2>'),
    '_astro/site.css': 'body{}',
    'diagram.svg': '<svg/>',
  };

  it('passes a site whose links all lead somewhere', () => {
    expect(findBrokenLinks(fixtureSite(good), '/wb/')).toEqual([]);
  });

  it('names a link to a chapter that does not exist, a missing heading, and a link that forgot the base path', () => {
    const dir = fixtureSite({
      ...good,
      '01-why-mq/index.html': pageWith('<h2 id="costs">Costs</h2><a href="/wb/06-capstone/">capstone</a><a href="/wb/00-hello/#no-such-heading">x</a><a href="/00-hello/">no base</a>'),
    });
    const broken = findBrokenLinks(dir, '/wb/');
    expect(broken).toEqual([
      { page: '/wb/01-why-mq/', url: '/wb/06-capstone/', problem: 'no such page or file' },
      { page: '/wb/01-why-mq/', url: '/wb/00-hello/#no-such-heading', problem: 'no heading or element with id "no-such-heading" on /wb/00-hello/' },
      { page: '/wb/01-why-mq/', url: '/00-hello/', problem: "outside the site's base path /wb/" },
    ]);
    expect(describeBrokenLinks(broken, '/wb/')).toContain('/wb/01-why-mq/ (content/01-why-mq.mdx) links to /wb/06-capstone/: no such page or file');
  });

  it('fails the build from its astro:build:done hook', async () => {
    const dir = fixtureSite({ ...good, 'index.html': pageWith('<a href="/wb/07-operating/">later</a>') });
    const integration = linkCheck();
    const hooks = integration.hooks as Record<string, (options: unknown) => unknown>;
    hooks['astro:config:done']({ config: { base: '/wb/' } });
    const logger = { info: () => undefined };
    await expect(async () => hooks['astro:build:done']({ dir: pathToFileURL(`${dir}/`), logger })).rejects.toThrow(/links to \/wb\/07-operating\/: no such page/);
  });
});

describe('a real build with a broken link', () => {
  let project: string;

  beforeAll(() => {
    // A one-page Astro project inside this repository (so it finds astro), using the workbook's link check.
    project = fs.mkdtempSync(path.join(process.cwd(), '.link-check-'));
    temporary.push(project);
    fs.mkdirSync(path.join(project, 'src', 'pages'), { recursive: true });
    fs.writeFileSync(path.join(project, 'astro.config.mjs'), [
      "import linkCheck from '../src/integrations/link-check.ts';",
      "export default { base: '/wb/', integrations: [linkCheck()], logLevel: 'error' };",
    ].join('\n'));
    fs.writeFileSync(path.join(project, 'src', 'pages', 'index.astro'), '<h1 id="top-heading">Workbook</h1><a href="/wb/02-sending/">Chapter 2</a>');
  });

  it('exits non-zero and names the page and the link', async () => {
    const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve) => {
      const child = spawn(process.execPath, [path.resolve('node_modules/astro/astro.js'), 'build', '--root', project], {
        stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
      });
      let output = '';
      child.stdout.on('data', (chunk) => (output += chunk));
      child.stderr.on('data', (chunk) => (output += chunk));
      child.on('close', (exitCode) => resolve({ code: exitCode, output }));
    });
    expect(code).not.toBe(0);
    expect(output).toContain('/wb/ links to /wb/02-sending/: no such page or file');
  }, 300_000);
});
