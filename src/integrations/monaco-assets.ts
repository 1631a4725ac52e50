/**
 * Serves the Monaco editor as prebuilt files: copies monaco-editor's AMD build (`min/vs`) to
 * public/monaco/vs once, so both `astro dev` and the static build serve it from /monaco/vs/.
 * The page loads it only when a reader presses Edit (src/scripts/monaco.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';

/** Translations of Monaco's UI strings we do not ship: the workbook's UI is English. */
const localisedMessages = /^nls\.messages\.[a-z-]+\.js\.js$/;

/** Copy monaco-editor/min/vs into public/monaco/vs unless the same version is already there. */
export function copyMonaco(publicDir: string, log: (line: string) => void = () => {}): void {
  const require = createRequire(import.meta.url);
  const pkgFile = require.resolve('monaco-editor/package.json');
  const { version } = JSON.parse(fs.readFileSync(pkgFile, 'utf8')) as { version: string };
  const target = path.join(publicDir, 'monaco');
  const stamp = path.join(target, 'VERSION');
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8').trim() === version) return;
  fs.rmSync(target, { recursive: true, force: true });
  fs.cpSync(path.join(path.dirname(pkgFile), 'min', 'vs'), path.join(target, 'vs'), {
    recursive: true,
    filter: (file) => !localisedMessages.test(path.basename(file)) || path.basename(file) === 'nls.messages.js.js',
  });
  fs.writeFileSync(stamp, `${version}\n`);
  log(`copied monaco-editor ${version} to ${path.relative(process.cwd(), target)}/vs`);
}

/** Astro integration: make sure public/monaco/ holds the editor before dev or build starts. */
export default function monacoAssets(): AstroIntegration {
  return {
    name: 'workbook:monaco-assets',
    hooks: {
      'astro:config:setup': ({ config, logger }) => {
        copyMonaco(fileURLToPath(config.publicDir), (line) => logger.info(line));
      },
    },
  };
}
