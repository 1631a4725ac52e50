/** Build-time reading of an exercise's hints.md: one hint per top-level list item (or per paragraph), rendered to HTML. */
import { createMarkdownProcessor, type MarkdownProcessor } from '@astrojs/markdown-remark';
import { splitHints } from './split-hints.ts';

export { splitHints };

let processor: Promise<MarkdownProcessor> | undefined;

/** Render hints.md into one HTML string per hint. */
export async function renderHints(markdown: string): Promise<string[]> {
  processor ??= createMarkdownProcessor({ syntaxHighlight: false });
  const render = await processor;
  return Promise.all(splitHints(markdown).map(async (hint) => (await render.render(hint)).code));
}
