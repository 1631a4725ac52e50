/** Map example ids to files under examples/, refusing anything that could leave that folder. */
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from './broker/layout.ts';
import { limits as defaultLimits, type Limits } from './limits.ts';
import { exampleIdPattern } from './protocol.ts';

export const examplesDir = path.join(projectRoot, 'examples');

export type Resolved = { file: string } | { status: 400 | 404; error: string };

/** The .ts file of an example id, or why not. Ids are checked against a strict pattern and resolved with realpath. */
export function resolveExample(id: unknown): Resolved {
  if (typeof id !== 'string' || !exampleIdPattern.test(id)) {
    return { status: 400, error: 'example ids look like "00-hello/first-send": lowercase letters, digits, dashes and slashes' };
  }
  const candidate = path.join(examplesDir, `${id}.ts`);
  let real: string;
  try {
    real = fs.realpathSync(candidate);
  } catch {
    return { status: 404, error: `no example "${id}" (looked for examples/${id}.ts)` };
  }
  const root = fs.realpathSync(examplesDir);
  if (!real.startsWith(root + path.sep) || !fs.statSync(real).isFile()) {
    return { status: 404, error: `no example "${id}"` };
  }
  return { file: real };
}

/** The run time limit a file declares in its first lines (`// @timeout 90s`), capped at the maximum. */
export function declaredTimeoutMs(source: string, limits: Limits = defaultLimits): number {
  const match = /^\/\/ @timeout (\d+)s\s*$/m.exec(source.split('\n').slice(0, 10).join('\n'));
  if (!match) return limits.defaultRunTimeMs;
  return Math.min(Number(match[1]) * 1000, limits.maxRunTimeMs);
}

/** How long the page's "pause the broker" control pauses it when a cell says only `// @outage`. */
export const defaultOutageSeconds = 15;
/** The longest pause a cell may ask for, well below the 2 minutes after which the name server drops a silent broker (RouteInfoManager.DEFAULT_BROKER_CHANNEL_EXPIRED_TIME). */
export const maxOutageSeconds = 60;

/**
 * The outage a file declares in its first lines (`// @outage` or `// @outage 15s`): such a cell
 * gets the page's "pause the broker" control, for that many seconds. Undefined when it declares none.
 */
export function declaredOutageSeconds(source: string): number | undefined {
  const match = /^\/\/ @outage(?: (\d+)s)?\s*$/m.exec(source.split('\n').slice(0, 10).join('\n'));
  if (!match) return undefined;
  return Math.min(Math.max(Number(match[1] ?? defaultOutageSeconds), 1), maxOutageSeconds);
}
