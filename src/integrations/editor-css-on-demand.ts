/**
 * The editor's stylesheet on demand. Astro puts the CSS of every module a page's scripts may
 * import into the page's <head>, also that of the dynamically imported editor
 * (src/scripts/monaco.ts → monaco.<hash>.css, 140 KB): every page then waited for it before its
 * first paint, though most readers never press Edit. Vite's preload helper already loads that
 * stylesheet, and waits for it, when the editor's chunk is imported (its `__vite__mapDeps`
 * lists the CSS), so the <link> in the <head> can go.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';

/** `<link rel="stylesheet" href=".../_astro/monaco.<hash>.css">`, as Astro writes it. */
const editorStylesheet = /<link rel="stylesheet" href="[^"]*\/_astro\/monaco\.[\w-]+\.css"\s*\/?>/g;

/** Remove the editor's stylesheet link from every page under `dir`; returns how many pages had one. */
export function dropEditorStylesheet(dir: string): number {
  const pages = (fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }) as string[]).filter((name) => name.endsWith('.html'));
  let changed = 0;
  for (const page of pages) {
    const file = path.join(dir, page);
    const html = fs.readFileSync(file, 'utf8');
    const without = html.replace(editorStylesheet, '');
    if (without === html) continue;
    fs.writeFileSync(file, without);
    changed++;
  }
  return changed;
}

/** Astro integration: list it before precompression, which must see the pages as served. */
export default function editorCssOnDemand(): AstroIntegration {
  return {
    name: 'workbook:editor-css-on-demand',
    hooks: {
      'astro:build:done': ({ dir, logger }) => {
        const pages = dropEditorStylesheet(fileURLToPath(dir));
        logger.info(`the editor's stylesheet loads with the editor: dropped from the <head> of ${pages} pages`);
      },
    },
  };
}
