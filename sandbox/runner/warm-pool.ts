/**
 * Keeps a few idle, fully booted run processes ready, so a run started right after another (or
 * the two programs of a Check) never waits for Node to boot. Every run takes a fresh one; a taken
 * process is never offered again.
 */
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

/** A plain run, or an exercise check (whose process boots a second one for the program under test). */
export type RunKind = 'run' | 'check';

interface Spare extends RunProcess {
  kind: RunKind;
  /** Set once the process has closed its ready pipe: Node is up and the client is loaded. */
  booted: boolean;
  whenBooted: Promise<void>;
}

export class WarmPool {
  /** Oldest first. */
  #spares: Spare[] = [];
  #bootstrap = path.join(scratchDir, 'warm-child.mjs');
  #closed = false;

  constructor(private readonly limits: Limits) {}

  /** Compile the bootstrap and start the spare processes. */
  async open(): Promise<void> {
    fs.mkdirSync(path.join(scratchDir, 'home'), { recursive: true });
    await build({
      entryPoints: [path.join(import.meta.dirname, 'warm-child.ts')],
      outfile: this.#bootstrap, format: 'esm', platform: 'node', target: 'node20', packages: 'external', logLevel: 'silent',
    });
    this.#fill();
  }

  /**
   * Hand out a spare for `kind`: a booted one of that kind, else any booted one, else the one
   * that has booted longest, else a plain new process (a check then starts its program itself).
   * The pool then starts replacements.
   */
  take(kind: RunKind): RunProcess {
    this.#spares = this.#spares.filter((spare) => spare.child.exitCode === null && spare.child.signalCode === null);
    const pick = this.#spares.find((s) => s.booted && s.kind === kind) ?? this.#spares.find((s) => s.booted)
      ?? this.#spares.find((s) => s.kind === kind) ?? this.#spares[0] ?? this.#spawn('run');
    this.#spares = this.#spares.filter((spare) => spare !== pick);
    setImmediate(() => this.#fill());
    return { child: pick.child, mark: pick.mark };
  }

  /** Resolves once every spare has booted (benchmarks and tests wait for a full pool). */
  async ready(): Promise<void> {
    await Promise.all(this.#spares.map((spare) => spare.whenBooted));
  }

  /** The pids of the idle spares (their descendants are the check spares' second processes). */
  sparePids(): number[] {
    return this.#spares.map((spare) => spare.child.pid).filter((pid): pid is number => pid !== undefined);
  }

  /** Stop the spare processes. */
  close(): void {
    this.#closed = true;
    for (const spare of this.#spares.splice(0)) killGroup(spare.child, 'SIGKILL');
  }

  /** Start spares until each kind has as many as the limits ask for. */
  #fill(): void {
    if (this.#closed) return;
    const wanted: Record<RunKind, number> = { run: this.limits.warmRunProcesses, check: this.limits.warmCheckProcesses };
    for (const kind of ['run', 'check'] as const) {
      for (let have = this.#spares.filter((s) => s.kind === kind).length; have < wanted[kind]; have++) this.#spares.push(this.#spawn(kind));
    }
  }

  #spawn(kind: RunKind): Spare {
    const mark = randomBytes(12).toString('hex');
    const endpoints = brokerEndpoints();
    const args = [`--max-old-space-size=${this.limits.heapMiB}`, '--enable-source-maps', this.#bootstrap];
    if (kind === 'check') args.push('--with-program-under-test');
    const child = spawn(process.execPath, args, {
      cwd: projectRoot,
      detached: true, // its own process group: a run is ended by ending the group
      // stdin: the work; 1, 2: output; 3: structured events; 4: closed by the child once it has booted.
      stdio: ['pipe', 'pipe', 'pipe', 'pipe', 'pipe'],
      // The whole environment of a run: where the broker is, and nothing secret.
      env: {
        PATH: process.env.PATH,
        HOME: path.join(scratchDir, 'home'),
        ROCKETMQ_ENDPOINTS: endpoints.grpc,
        ROCKETMQ_NAMESRV: endpoints.namesrv,
        // An attendee's prefix on a broker the room shares (sandbox/broker/room.ts); absent, names stay as written.
        ...(process.env.WORKBOOK_NAMESPACE && { WORKBOOK_NAMESPACE: process.env.WORKBOOK_NAMESPACE }),
        WORKBOOK_EVENTS_FD: '3',
        WORKBOOK_RUN_MARK: mark,
      },
    });
    child.on('error', () => undefined); // reported through 'exit'
    const spare: Spare = { child, mark, kind, booted: false, whenBooted: Promise.resolve() };
    spare.whenBooted = new Promise<void>((resolve) => {
      const done = () => {
        spare.booted = child.exitCode === null && child.signalCode === null;
        resolve();
      };
      (child.stdio[4] as NodeJS.ReadableStream).on('close', done).resume();
      child.once('exit', done);
    });
    return spare;
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
