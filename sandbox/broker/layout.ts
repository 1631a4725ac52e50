/** Where the local broker lives on disk, and the pinned version. Everything is under `.rocketmq/`. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The RocketMQ release the workbook is tested with (Maven Central and the Docker image). */
export const ROCKETMQ_VERSION = '5.3.3';

/** The project root (two folders above this file). */
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

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
