/**
 * Which edition a build is: `dist/workbook-build.json` = `{ base, site }` (sandbox/site-build.ts
 * reads it). The sandbox serves the site at the root, so `npm start` rebuilds a dist/ that was
 * built under another base path.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { buildStampFile, type BuildStamp } from '../../sandbox/site-build.ts';

/** Astro integration: write the stamp when the build is done. */
export default function buildStamp(): AstroIntegration {
  let stamp: BuildStamp = { base: '/', site: '' };
  return {
    name: 'workbook:build-stamp',
    hooks: {
      'astro:config:done': ({ config }) => {
        stamp = { base: config.base, site: config.site ?? '' };
      },
      'astro:build:done': ({ dir }) => {
        fs.writeFileSync(path.join(fileURLToPath(dir), buildStampFile), `${JSON.stringify(stamp)}\n`);
      },
    },
  };
}
