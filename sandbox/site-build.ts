/** Build the site with Astro when dist/ is missing or older than what it is built from. */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from './broker/layout.ts';

const sources = ['content', 'src', 'examples', 'recordings', 'public', 'astro.config.mjs'];

/** Newest modification time under the given paths (ms). */
function newest(paths: string[]): number {
  let latest = 0;
  const visit = (file: string) => {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
    } catch {
      return;
    }
    if (stat.isDirectory()) {
      if (path.basename(file) === 'monaco') return; // copied during the build itself
      for (const name of fs.readdirSync(file)) visit(path.join(file, name));
    } else latest = Math.max(latest, stat.mtimeMs);
  };
  for (const entry of paths) visit(path.join(projectRoot, entry));
  return latest;
}

/** True when dist/ holds a build at least as new as every source. */
export function siteIsFresh(): boolean {
  const stamp = path.join(projectRoot, 'dist', 'index.html');
  return fs.existsSync(stamp) && fs.statSync(stamp).mtimeMs >= newest(sources);
}

/** Run `npm run build`, streaming its output through `log`; rejects when it fails. */
export function buildSite(log: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', 'build', '--silent'], { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let tail = '';
    const collect = (chunk: Buffer) => {
      tail = (tail + chunk.toString()).slice(-4000);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`The site build failed (npm run build, exit ${code}):\n${tail}`));
    });
    log('Building the site (once, and again whenever chapters or examples change)…');
  });
}
