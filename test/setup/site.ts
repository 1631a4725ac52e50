/**
 * Vitest global setup of the browser files. Vitest runs every project's global setup before the
 * first test, so this starts building the site editions the browser files serve (a minute or more
 * each on 2 cores) while the unit and integration files run: those wait on the broker, not on the
 * CPU, and the build runs at the lowest priority. The fixture (test/browser/fixture.ts) waits for
 * an edition's build, and builds it itself if this build failed, showing why.
 */
import fs from 'node:fs';
import { buildSite, siteIsFresh } from '../../sandbox/site-build.ts';
import { backgroundBuildMarker, editions } from '../support/site-editions.ts';

export default function setup(): () => void {
  const stale = editions.filter((edition) => !siteIsFresh(edition));
  for (const edition of stale) fs.writeFileSync(backgroundBuildMarker(edition), String(process.pid));
  if (stale.length > 0) console.log(`[site] building ${stale.map((edition) => edition.base).join(' and ')} in the background while the other files run`);
  const end = new AbortController();
  void (async () => {
    for (const edition of stale) {
      await buildSite(() => {}, edition, { background: true, signal: end.signal }).catch(() => {});
      fs.rmSync(backgroundBuildMarker(edition), { force: true });
    }
  })();
  // A run of a few files may end before the build does: it does not outlive the run.
  return () => end.abort();
}
