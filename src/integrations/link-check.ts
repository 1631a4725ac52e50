/**
 * The build fails on a broken link: after `astro build`, every page in the output is read, and
 * every link, stylesheet, script and image that stays on the site must name a file that exists,
 * under the site's base path; a link with a `#fragment` must name an element id on its target page.
 * Links to other sites are not fetched.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'parse5';
import type { AstroIntegration } from 'astro';

/** One broken reference: the page it is on, the URL as written, and what is wrong with it. */
export interface BrokenLink {
  page: string;
  url: string;
  problem: string;
}

/** Elements whose attribute names another resource of the site. */
const references: Record<string, string> = { a: 'href', area: 'href', link: 'href', script: 'src', img: 'src', source: 'src', iframe: 'src' };

/** Fragments every page has: the top of the document (HTML's "_top"), or none. */
const alwaysThere = new Set(['', 'top', '_top']);

interface HtmlNode {
  nodeName: string;
  attrs?: { name: string; value: string }[];
  childNodes?: HtmlNode[];
  content?: HtmlNode;
}

/** A page's ids and the URLs it references. */
interface PageScan {
  ids: Set<string>;
  urls: string[];
}

function scan(html: string): PageScan {
  const ids = new Set<string>();
  const urls: string[] = [];
  const visit = (node: HtmlNode): void => {
    const attrs = new Map((node.attrs ?? []).map(({ name, value }) => [name, value]));
    const id = attrs.get('id') ?? (node.nodeName === 'a' ? attrs.get('name') : undefined);
    if (id) ids.add(id);
    const attribute = references[node.nodeName];
    const url = attribute ? attrs.get(attribute) : undefined;
    // <link rel="canonical"> and friends name the page's public address, not a file here.
    const external = node.nodeName === 'link' && /\b(canonical|alternate|preconnect|dns-prefetch)\b/.test(attrs.get('rel') ?? '');
    if (url !== undefined && !external) urls.push(url);
    node.childNodes?.forEach(visit);
    if (node.content) visit(node.content);
  };
  visit(parse(html) as unknown as HtmlNode);
  return { ids, urls };
}

/** Every .html file under a folder, as paths relative to it with forward slashes. */
function htmlFiles(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }) as string[])
    .filter((name) => name.endsWith('.html'))
    .map((name) => name.split(path.sep).join('/'))
    .sort();
}

/** The URL path a built file is served at: `00-hello/index.html` → `/base/00-hello/`. */
function pageUrl(file: string, base: string): string {
  return `${base}${file.replace(/(^|\/)index\.html$/, '$1')}`;
}

/** The built file a URL path names, if there is one. */
function fileFor(dir: string, relative: string): string | undefined {
  const candidates = relative === '' || relative.endsWith('/') ? [`${relative}index.html`] : [relative, `${relative}/index.html`, `${relative}.html`];
  return candidates.find((candidate) => fs.existsSync(path.join(dir, candidate)) && fs.statSync(path.join(dir, candidate)).isFile());
}

/** Check every page under `dir` (a built site served under `base`, e.g. "/" or "/rocketmq-workbook/"). */
export function findBrokenLinks(dir: string, base = '/'): BrokenLink[] {
  const root = base.endsWith('/') ? base : `${base}/`;
  const pages = new Map(htmlFiles(dir).map((file) => [file, scan(fs.readFileSync(path.join(dir, file), 'utf8'))]));
  const broken: BrokenLink[] = [];
  for (const [file, { urls }] of pages) {
    const page = pageUrl(file, root);
    for (const url of urls) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('//')) continue; // another site, mailto:, data:
      const target = new URL(url, `http://site${page}`);
      const report = (problem: string) => broken.push({ page, url, problem });
      if (!target.pathname.startsWith(root) && `${target.pathname}/` !== root) {
        report(`outside the site's base path ${root}`);
        continue;
      }
      const relative = decodeURIComponent(target.pathname.slice(root.length));
      const targetFile = fileFor(dir, relative);
      if (!targetFile) {
        report('no such page or file');
        continue;
      }
      const fragment = decodeURIComponent(target.hash.slice(1));
      if (alwaysThere.has(fragment)) continue;
      const targetPage = pages.get(targetFile);
      if (!targetPage?.ids.has(fragment)) report(`no heading or element with id "${fragment}" on ${pageUrl(targetFile, root)}`);
    }
  }
  return broken;
}

/** A report people can act on: one line per broken link, with the chapter file to fix when it is a chapter page. */
export function describeBrokenLinks(broken: BrokenLink[], base = '/'): string {
  const lines = broken.map(({ page, url, problem }) => {
    const chapter = /^\/(\d\d-[^/]+)\/$/.exec(`/${page.slice(base.length)}`)?.[1];
    return `  ${page}${chapter ? ` (content/${chapter}.mdx)` : ''} links to ${url}: ${problem}`;
  });
  return `${broken.length} broken link${broken.length === 1 ? '' : 's'}:\n${lines.join('\n')}\n` +
    'Link only to chapters and headings that exist (write site links from the root, e.g. /02-sending/#retries; the base path is added for you).';
}

/** Astro integration: fail `astro build` when the built site has a broken link. */
export default function linkCheck(): AstroIntegration {
  let base = '/';
  return {
    name: 'workbook:link-check',
    hooks: {
      'astro:config:done': ({ config }) => {
        base = config.base;
      },
      'astro:build:done': ({ dir, logger }) => {
        const broken = findBrokenLinks(fileURLToPath(dir), base);
        if (broken.length > 0) throw new Error(describeBrokenLinks(broken, base.endsWith('/') ? base : `${base}/`));
        logger.info('every link on the site leads to a page, heading or file that exists');
      },
    },
  };
}
