/**
 * The two site editions the browser files serve, and the markers of their builds in progress:
 * test/setup/site.ts builds them in the background while the integration files run, and the
 * browser fixture waits for an edition's build before it looks at it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isAlive } from '../../sandbox/broker/processes.ts';
import { sandboxEdition, type SiteEdition } from '../../sandbox/site-build.ts';

/** Where screenshots and the static edition go (git-ignored). */
export const artifactsDir = path.resolve('test-artifacts');

/** The reading edition for a static host under a base path, as `WORKBOOK_BASE=… npm run build` makes it. */
export const staticEdition: SiteEdition = { base: '/rocketmq-workbook/', outDir: path.join(artifactsDir, 'static-site') };

/** In the order the browser files need them: the sandbox's first. */
export const editions = [sandboxEdition, staticEdition];

/** Holds the pid of the process building an edition in the background, while it does (one folder per `npm test`). */
export const backgroundBuildMarker = (edition: SiteEdition) =>
  path.join(process.env.WORKBOOK_SUITE_DIR ?? os.tmpdir(), `site-build${edition.base.replace(/\W+/g, '-')}pid`);

/** Resolves once no background build of the edition is under way: it finished, failed, or its process is gone. */
export async function backgroundBuildDone(edition: SiteEdition): Promise<void> {
  for (;;) {
    let pid: number;
    try {
      pid = Number(fs.readFileSync(backgroundBuildMarker(edition), 'utf8'));
    } catch {
      return;
    }
    if (!pid || !isAlive(pid)) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
