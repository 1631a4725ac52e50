/** Where the local broker lives on disk, and the pinned version. Everything is under `.rocketmq/`. */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The RocketMQ release the workbook is tested with (Maven Central and the Docker image). */
export const ROCKETMQ_VERSION = '5.3.3';

/**
 * The project root: the nearest folder above this file whose package.json is the workbook's. Two
 * folders up from here, except when a site build bundles this file into its output folder (the
 * progress page reads the exercises at build time), wherever that folder is; then the search
 * still finds the root, and the working directory is the last resort.
 */
export const projectRoot = (() => {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && /"name":\s*"rocketmq-workbook"/.test(fs.readFileSync(manifest, 'utf8'))) return dir;
  }
  return process.cwd();
})();

/** Shared, version-controlled broker configuration used by both the local and the Docker path. */
export const configDir = path.join(projectRoot, 'rocketmq');

/** Local state: jars, generated config, store, logs, pid files. Ignored by git. */
export const home = path.join(projectRoot, '.rocketmq');

export const layout = {
  home,
  lib: path.join(home, 'lib'),
  libStamp: path.join(home, 'lib', `.complete-${ROCKETMQ_VERSION}`),
  conf: path.join(home, 'conf'),
  store: path.join(home, 'store'),
  /** The JVMs get `-Duser.home=.rocketmq`, so RocketMQ writes its logs here. */
  logs: path.join(home, 'logs', 'rocketmqlogs'),
  run: path.join(home, 'run'),
} as const;

/** The two JVMs the local broker consists of. */
export type Role = 'namesrv' | 'broker';
