/** Build-time reading of an exercise's hints.md: one hint per top-level list item (or per paragraph), rendered to HTML. */
import { createMarkdownProcessor, type MarkdownProcessor } from '@astrojs/markdown-remark';
import { rehypeBaseLinks } from '../integrations/base-links.ts';

/** A top-level list item starts at column 0 with "-", "*", "+" or "1.". */
const listItem = /^(?:[-*+]|\d+[.)])\s+/;

/** Split hints.md into hints: top-level list items when it has any, blank-line separated paragraphs otherwise. */
export function splitHints(markdown: string): string[] {
  const lines = markdown.replace(/\r\n/g, '\n').split('\n').filter((line) => !/^#\s/.test(line));
  if (!lines.some((line) => listItem.test(line))) {
    return lines.join('\n').split(/\n\s*\n/).map((part) => part.trim()).filter(Boolean);
  }
  const hints: string[][] = [];
  for (const line of lines) {
    if (listItem.test(line)) hints.push([line.replace(listItem, '')]);
    else if (hints.length > 0) hints[hints.length - 1].push(line.replace(/^ {1,4}/, ''));
  }
  return hints.map((hint) => hint.join('\n').trim()).filter(Boolean);
}

let processor: Promise<MarkdownProcessor> | undefined;

/** Render hints.md into one HTML string per hint. */
export async function renderHints(markdown: string): Promise<string[]> {
  // Links in hints get the site's base path, as links in chapters do (astro.config.mjs).
  processor ??= createMarkdownProcessor({ syntaxHighlight: false, rehypePlugins: [[rehypeBaseLinks, { base: import.meta.env.BASE_URL }]] });
  const render = await processor;
  return Promise.all(splitHints(markdown).map(async (hint) => (await render.render(hint)).code));
}
