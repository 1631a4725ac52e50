/** Keeps one idle, fully booted run process ready; every run takes a fresh one. */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { brokerEndpoints } from '../broker/endpoints.ts';
import { projectRoot } from '../broker/layout.ts';
import type { Limits } from '../limits.ts';

/** The sandbox's scratch folder inside the project, so compiled runs resolve node_modules. */
export const scratchDir = path.join(projectRoot, '.sandbox');

/** A started process waiting for its example, with the mark that finds all its descendants later. */
export interface RunProcess {
  child: ChildProcess;
  mark: string;
}

export class WarmPool {
  #spare: RunProcess | undefined;
  #bootstrap = path.join(scratchDir, 'warm-child.mjs');
  #closed = false;

  constructor(private readonly limits: Limits) {}

  /** Compile the bootstrap and start the first spare process. */
  async open(): Promise<void> {
    fs.mkdirSync(path.join(scratchDir, 'home'), { recursive: true });
    await build({
      entryPoints: [path.join(import.meta.dirname, 'warm-child.ts')],
      outfile: this.#bootstrap, format: 'esm', platform: 'node', target: 'node20', packages: 'external', logLevel: 'silent',
    });
    this.#spare = this.#spawn();
  }

  /** Hand out the spare process and start the next one in the background. */
  take(): RunProcess {
    const taken = this.#spare && this.#spare.child.exitCode === null ? this.#spare : this.#spawn();
    this.#spare = undefined;
    setImmediate(() => {
      if (!this.#closed && !this.#spare) this.#spare = this.#spawn();
    });
    return taken;
  }

  /** Stop the spare process. */
  close(): void {
    this.#closed = true;
    if (this.#spare) killGroup(this.#spare.child, 'SIGKILL');
    this.#spare = undefined;
  }

  #spawn(): RunProcess {
    const mark = randomBytes(12).toString('hex');
    const endpoints = brokerEndpoints();
    const child = spawn(process.execPath, [`--max-old-space-size=${this.limits.heapMiB}`, '--enable-source-maps', this.#bootstrap], {
      cwd: projectRoot,
      detached: true, // its own process group: a run is ended by ending the group
      stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
      // The whole environment of a run: where the broker is, and nothing secret.
      env: {
        PATH: process.env.PATH,
        HOME: path.join(scratchDir, 'home'),
        ROCKETMQ_ENDPOINTS: endpoints.grpc,
        ROCKETMQ_NAMESRV: endpoints.namesrv,
        WORKBOOK_EVENTS_FD: '3',
        WORKBOOK_RUN_MARK: mark,
      },
    });
    child.on('error', () => undefined); // reported through 'exit'
    return { child, mark };
  }
}

/** Signal a run's whole process group. */
export function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid) process.kill(-child.pid, signal);
  } catch {
    // the group is already gone
  }
}

/**
 * Kill every process that carries the run's mark in its environment: descendants that left the
 * process group (setsid, detached spawns) still inherit it.
 */
export function killMarked(mark: string): number[] {
  const killed: number[] = [];
  const needle = `WORKBOOK_RUN_MARK=${mark}`;
  for (const pid of fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      if (fs.readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(needle)) {
        process.kill(Number(pid), 'SIGKILL');
        killed.push(Number(pid));
      }
    } catch {
      // gone, or not ours to read
    }
  }
  return killed;
}

/** Every live descendant of `root` (by parent pid), read from /proc. */
export function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may contain spaces, so split after the last ")".
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
    } catch {
      // exited while we looked
    }
  }
  const found: number[] = [];
  const queue = [root];
  while (queue.length) for (const child of children.get(queue.shift()!) ?? []) found.push(child), queue.push(child);
  return found;
}
