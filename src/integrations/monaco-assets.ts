/**
 * Monaco is bundled by Vite now (src/scripts/monaco.ts imports its ESM build, with just the
 * TypeScript language and worker). Earlier builds copied its whole AMD build to public/monaco/,
 * which Astro would keep copying into every build: this removes such a leftover copy.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';

/** Astro integration: delete public/monaco/ (a generated, git-ignored leftover) before dev or build. */
export default function monacoAssets(): AstroIntegration {
  return {
    name: 'workbook:monaco-assets',
    hooks: {
      'astro:config:setup': ({ config, logger }) => {
        const leftover = path.join(fileURLToPath(config.publicDir), 'monaco');
        if (!fs.existsSync(path.join(leftover, 'VERSION'))) return;
        fs.rmSync(leftover, { recursive: true, force: true });
        logger.info('removed public/monaco/: the editor is bundled with the site now');
      },
    },
  };
}
