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
      for (const name of fs.readdirSync(file)) visit(path.join(file, name));
    } else latest = Math.max(latest, stat.mtimeMs);
  };
  for (const entry of paths) visit(path.join(projectRoot, entry));
  return latest;
}

/** The file a build writes into its output folder to say which edition it is (src/integrations/build-stamp.ts). */
export const buildStampFile = 'workbook-build.json';

/** The base path and site URL a build was made for. */
export interface BuildStamp {
  base: string;
  site: string;
}

/** Read the stamp of a built site, or undefined when it has none. */
export function readBuildStamp(dir: string): BuildStamp | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, buildStampFile), 'utf8')) as BuildStamp;
  } catch {
    return undefined;
  }
}

/** Where a build goes and the base path it is made for; the sandbox's edition is dist/ at the root. */
export interface SiteEdition {
  outDir: string;
  base: string;
}

/** The edition the sandbox serves: dist/, at the root. */
export const sandboxEdition: SiteEdition = { outDir: path.join(projectRoot, 'dist'), base: '/' };

/**
 * True when the edition's folder holds a build at least as new as every source, made for its base
 * path: the sandbox serves the site at /, so a build for a static host under a base path does not do.
 */
export function siteIsFresh(edition: SiteEdition = sandboxEdition): boolean {
  const stamp = path.join(edition.outDir, 'index.html');
  if (readBuildStamp(edition.outDir)?.base !== edition.base) return false;
  return fs.existsSync(stamp) && fs.statSync(stamp).mtimeMs >= newest(sources);
}

/** Names Vite gives import.meta.env itself (https://vite.dev/guide/env-and-mode). */
const importMetaEnvKeys = ['BASE_URL', 'MODE', 'DEV', 'PROD', 'SSR'];

/**
 * Run `npm run build` for an edition (the sandbox's by default), keeping the last of its output for
 * the error; rejects when it fails. `background`: at the lowest CPU priority (nice 19), so that
 * whatever else runs meanwhile keeps the CPU it needs; `signal` ends the build and all it started.
 */
export function buildSite(log: (line: string) => void, edition: SiteEdition = sandboxEdition,
  options: { background?: boolean; signal?: AbortSignal } = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    // The edition decides, whatever the shell says about static deploys (astro.config.mjs reads these).
    const env: NodeJS.ProcessEnv = { ...process.env, WORKBOOK_BASE: edition.base, WORKBOOK_OUT_DIR: edition.outDir };
    // Vitest puts import.meta.env's keys into process.env (BASE_URL="/", MODE="test", …) and sets
    // NODE_ENV=test. Astro reads every environment variable as import.meta.env.<name>, and Vite
    // calls a build with NODE_ENV other than production a DEV one: a site built from a test would
    // link from "/" whatever the base path, and Starlight would leave search out.
    for (const key of [...importMetaEnvKeys, 'NODE_ENV']) delete env[key];
    const [command, ...args] = [...(options.background ? ['nice', '-n', '19'] : []), 'npm', 'run', 'build', '--silent'];
    // Its own process group when it may be ended: npm, the shell and Astro go together.
    const child = spawn(command, args, { cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'pipe'], detached: Boolean(options.signal) });
    options.signal?.addEventListener('abort', () => {
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        // already gone
      }
    }, { once: true });
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
