/** One run of an example: its process, its limits, and the events it produced. */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { compileExample } from '../compile.ts';
import type { Limits } from '../limits.ts';
import type { RunEventName, RunEvents } from '../protocol.ts';
import { isAlive, residentMiB } from '../broker/processes.ts';
import { descendants, killGroup, killMarked, scratchDir, type RunProcess, type WarmPool } from './warm-pool.ts';

export interface RunSpec {
  example: string;
  file: string;
  timeoutMs: number;
  /** Edited source replacing the example file. */
  code?: string;
  /** For a check: the reader's exercise code, handed to the check as EXERCISE_FILE. */
  underTest?: { file: string; code: string };
}

export type Recorded = { [K in RunEventName]: { event: K; data: RunEvents[K] } }[RunEventName];

export class Run {
  readonly id = randomBytes(18).toString('base64url');
  readonly events: Recorded[] = [];
  #listeners = new Set<ServerResponse>();
  #watchers = new Set<(record: Recorded) => void>();
  #process: RunProcess | undefined;
  #outputBytes = 0;
  #startedAt = Date.now();
  #codeStartedAt = Date.now();
  #ending = false;
  #done = false;
  #onDone: (() => void)[] = [];
  readonly #dir = path.join(scratchDir, 'runs', this.id);

  constructor(readonly spec: RunSpec, private readonly limits: Limits) {}

  get finished(): boolean {
    return this.#done;
  }

  /**
   * When the example's own code began (ms since the epoch): the origin of examples/lib/timeline.ts's
   * `t`, so marks the sandbox adds to the run line up with the cell's (compiling comes before it).
   */
  get codeStartedAt(): number {
    return this.#codeStartedAt;
  }

  /** True while the run's process executes and nobody has asked it to stop. */
  get running(): boolean {
    const child = this.#process?.child;
    return !!child && child.exitCode === null && child.signalCode === null && !this.#ending && !this.#done;
  }

  /** Compile and execute; resolves when the run has ended and its processes are gone. */
  async execute(pool: WarmPool): Promise<void> {
    this.#startedAt = Date.now();
    fs.mkdirSync(this.#dir, { recursive: true });
    const main = await compileExample(this.spec.file, path.join(this.#dir, 'main.mjs'), this.spec.code);
    let underTestFile: string | undefined;
    if (main.ok && this.spec.underTest) {
      const compiled = await compileExample(this.spec.underTest.file, path.join(this.#dir, 'under-test.mjs'), this.spec.underTest.code);
      if (!compiled.ok) return this.#fail(doesNotCompile(compiled.message));
      underTestFile = compiled.file;
    }
    if (!main.ok) return this.#fail(main.message);
    if (this.#ending) return this.#finish({ code: null, signal: 'SIGTERM' });

    const proc = (this.#process = pool.take(this.spec.underTest ? 'check' : 'run'));
    const { child } = proc;
    this.#pipe(child.stdout!, 'stdout');
    this.#pipe(child.stderr!, 'stderr');
    this.#readEvents(child.stdio[3] as NodeJS.ReadableStream & { destroy(): void });
    const timer = setTimeout(() => {
      this.push('timeout', { limitMs: this.spec.timeoutMs });
      this.stop();
    }, this.spec.timeoutMs);
    // Descendants seen while the run lives (pid → start time, so a recycled pid is never mistaken
    // for one): they are ended with the run even if they left its group and environment.
    const seen = new Map<number, string>();
    const memory = setInterval(() => {
      if (!child.pid) return;
      const family = [child.pid, ...descendants(child.pid)];
      for (const pid of family.slice(1)) if (!seen.has(pid)) seen.set(pid, startTime(pid));
      // The limit covers the whole family: a check runs the reader's code in a grandchild.
      const resident = family.reduce((sum, pid) => sum + (residentMiB(pid) ?? 0), 0);
      if (resident > this.limits.residentMiB) {
        this.push('limit', { what: 'memory', limit: this.limits.residentMiB });
        this.stop();
      }
    }, this.limits.memoryPollMs);

    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })));
    const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
    // The environment was fixed at spawn; a check also learns where the reader's code is.
    const env = underTestFile ? { EXERCISE_FILE: underTestFile } : {};
    child.stdin!.on('error', () => undefined); // a spare that died before its work arrives: reported through 'exit'
    this.#codeStartedAt = Date.now();
    child.stdin!.write(`${JSON.stringify({ module: path.join(this.#dir, 'main.mjs'), env })}\n`);
    const status = await exited;
    clearTimeout(timer);
    clearInterval(memory);
    // Whatever the example started lives in its process group or carries its mark: end it all.
    // SIGTERM first, with a moment to go: a capstone service catches it and shuts its RocketMQ
    // clients down, so the proxy forgets its producer at once. A SIGKILLed producer stays
    // registered for 120 s and takes check-backs meant for live ones (content/06-capstone.mdx).
    if (groupAlive(child)) {
      killGroup(child, 'SIGTERM');
      const deadline = Date.now() + this.limits.killGraceMs;
      while (groupAlive(child) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    killGroup(child, 'SIGKILL');
    const stillOurs = [...seen].filter(([pid, started]) => startTime(pid) === started).map(([pid]) => pid);
    for (const pid of stillOurs) killPid(pid);
    const killed = [...killMarked(proc.mark), ...stillOurs];
    await waitUntilGone(killed);
    // Output still in the pipes arrives before 'close'; a pipe held open by an escaped process does not block us.
    await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 500))]);
    this.#finish(status);
  }

  /** End the run: SIGTERM to its process group (the example's finish() shuts clients down), SIGKILL after a grace period. */
  stop(): void {
    if (this.#ending || this.#done) return; // a finished run's pid may belong to someone else by now
    this.#ending = true;
    const child = this.#process?.child;
    if (!child) return;
    killGroup(child, 'SIGTERM');
    setTimeout(() => killGroup(child, 'SIGKILL'), this.limits.killGraceMs).unref();
  }

  /** End the run with an error from the sandbox itself (it could not start the process, say). */
  fail(message: string): void {
    if (!this.#done) this.#fail(message);
  }

  /** End a run that never started (stopped while queued). */
  cancel(): void {
    if (!this.#done) this.#finish({ code: null, signal: 'SIGTERM' });
  }

  /** Add an event, send it to every open stream. */
  push<K extends RunEventName>(event: K, data: RunEvents[K]): void {
    if (this.#done) return;
    const record = { event, data } as Recorded;
    this.events.push(record);
    const frame = sseFrame(record);
    for (const listener of this.#listeners) listener.write(frame);
    for (const watcher of this.#watchers) watcher(record);
  }

  /** Call `watcher` with every event: everything so far, then each new one until `exit` (`npm run workshop` prints them). */
  watch(watcher: (record: Recorded) => void): void {
    for (const record of this.events) watcher(record);
    if (!this.#done) this.#watchers.add(watcher);
  }

  /** Stream this run's events to `response`: everything so far, then live until `exit`. */
  subscribe(response: ServerResponse): void {
    for (const record of this.events) response.write(sseFrame(record));
    if (this.#done) {
      response.end();
      return;
    }
    this.#listeners.add(response);
    response.on('close', () => this.#listeners.delete(response));
  }

  /** Called once the run has ended. */
  onDone(callback: () => void): void {
    if (this.#done) callback();
    else this.#onDone.push(callback);
  }

  #pipe(stream: NodeJS.ReadableStream, name: 'stdout' | 'stderr'): void {
    const decoder = new StringDecoder('utf8');
    stream.on('data', (chunk: Buffer) => {
      if (!this.#count(chunk.length)) return;
      const text = decoder.write(chunk);
      if (text) this.push(name, { text });
      if (name === 'stderr' && text.includes('JavaScript heap out of memory')) {
        this.push('limit', { what: 'memory', limit: this.limits.heapMiB });
      }
    });
  }

  /** Structured events arrive as JSON lines on fd 3; raw bytes count against the output cap, newline or not. */
  #readEvents(stream: NodeJS.ReadableStream & { destroy(): void }): void {
    let pending = '';
    stream.on('error', () => undefined);
    stream.on('data', (chunk: Buffer) => {
      if (!this.#count(chunk.length)) {
        stream.destroy();
        return;
      }
      pending += chunk.toString('utf8');
      for (let newline = pending.indexOf('\n'); newline >= 0; newline = pending.indexOf('\n')) {
        this.#structured(pending.slice(0, newline));
        pending = pending.slice(newline + 1);
      }
    });
  }

  #structured(line: string): void {
    try {
      const data = JSON.parse(line);
      if (data && typeof data.kind === 'string') this.push('event', data);
    } catch {
      // not an event: ignore it rather than break the page
    }
  }

  /** Count output against the cap; past it, report once and stop the run. */
  #count(bytes: number): boolean {
    if (this.#outputBytes > this.limits.outputBytes) return false;
    this.#outputBytes += bytes;
    if (this.#outputBytes <= this.limits.outputBytes) return true;
    this.push('limit', { what: 'output', limit: this.limits.outputBytes });
    this.stop();
    return false;
  }

  #fail(message: string): void {
    this.push('stderr', { text: `${message}\n` });
    this.#finish({ code: 1, signal: null });
  }

  #finish(status: { code: number | null; signal: string | null }): void {
    this.push('exit', { ...status, durationMs: Date.now() - this.#startedAt });
    this.#done = true;
    for (const listener of this.#listeners) listener.end();
    this.#listeners.clear();
    this.#watchers.clear();
    fs.rmSync(this.#dir, { recursive: true, force: true });
    for (const callback of this.#onDone.splice(0)) callback();
  }
}

/** What a reader sees when their exercise code does not compile: the check never ran. */
export function doesNotCompile(message: string): string {
  return `Your code does not compile, so the check could not run it. Fix this first:\n${message.replace(/^/gm, '  ')}`;
}

function sseFrame(record: Recorded): string {
  return `event: ${record.event}\ndata: ${JSON.stringify(record.data)}\n\n`;
}

/** Does any process of the run's group still live? (Signal 0 checks without sending anything.) */
function groupAlive(child: { pid?: number }): boolean {
  try {
    if (child.pid) process.kill(-child.pid, 0);
    return !!child.pid;
  } catch {
    return false;
  }
}

function killPid(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** SIGKILL is delivered asynchronously: wait (briefly) until the processes are really gone, so "ended" means ended. */
async function waitUntilGone(pids: number[]): Promise<void> {
  const deadline = Date.now() + 2000;
  while (pids.some(isAlive) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
}

/** A process's start time from /proc/<pid>/stat (field 22); '' when it is gone. */
function startTime(pid: number): string {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? '';
  } catch {
    return '';
  }
}
