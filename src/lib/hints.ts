/** Build-time reading of an exercise's hints.md: one hint per top-level list item (or per paragraph), rendered to HTML. */
import { createMarkdownProcessor, type MarkdownProcessor } from '@astrojs/markdown-remark';
import { splitHints } from './split-hints.ts';
import { rehypeBaseLinks } from '../integrations/base-links.ts';

export { splitHints };

let processor: Promise<MarkdownProcessor> | undefined;

/** Render hints.md into one HTML string per hint. */
export async function renderHints(markdown: string): Promise<string[]> {
  // Links in hints get the site's base path, as links in chapters do (astro.config.mjs).
  processor ??= createMarkdownProcessor({ syntaxHighlight: false, rehypePlugins: [[rehypeBaseLinks, { base: import.meta.env.BASE_URL }]] });
  const render = await processor;
  return Promise.all(splitHints(markdown).map(async (hint) => (await render.render(hint)).code));
}
