/**
 * The process a run executes in. The sandbox starts it before anyone asks (a "warm" process),
 * so a run does not wait for Node to boot or for the RocketMQ client to load. It receives the
 * path of exactly one compiled example on stdin (one JSON line), imports it, and is never reused.
 *
 * It tells the pool it is booted by closing fd 4 (nothing is ever written there, so the run's
 * own output channels stay untouched). Started with `--with-program-under-test`, it also boots
 * a second warm process of its own, for the program an exercise check runs (see
 * examples/lib/exercise.ts): both programs of a Check then start without waiting for Node.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';

/** One JSON line on stdin: the module to run and what to add to (or, for a program under test, use as) the environment. */
interface Work {
  module: string;
  env: Record<string, string>;
}

/** The hook examples/lib/exercise.ts looks for: a booted Node waiting for the program under test. */
const preBootedHook = Symbol.for('rocketmq-workbook.preBootedNode');
const READY_FD = 4;

const withProgramUnderTest = process.argv.includes('--with-program-under-test');
const isProgramUnderTest = process.argv.includes('--program-under-test');

// The spare for the program under test boots beside us, inheriting our environment and process
// group, so it is ended with the run like anything else the run starts.
const spare = withProgramUnderTest ? bootSpare() : undefined;

// Loading the client takes ~0.25 s; do it now, while nobody waits. The example's own import hits the cache.
await import('rocketmq-client-nodejs');
if (spare) await spare.booted;
fs.closeSync(READY_FD);

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk: string) => {
  input += chunk;
  const newline = input.indexOf('\n');
  if (newline < 0) return;
  process.stdin.destroy(); // nothing more comes; an open stdin would keep the process alive
  run(JSON.parse(input.slice(0, newline)) as Work);
});
// Whoever started us went away before giving us work.
process.stdin.on('end', () => {
  if (!input.includes('\n')) process.exit(0);
});

function run(work: Work): void {
  if (isProgramUnderTest) {
    // Exactly the environment the check gave it, as if it had been spawned with it.
    for (const name of Object.keys(process.env)) if (!(name in work.env)) delete process.env[name];
  }
  Object.assign(process.env, work.env);
  if (spare && work.env.EXERCISE_FILE) offer(spare.child);
  else spare?.child.kill('SIGKILL'); // not a check: nobody will need it
  process.argv.splice(1, Infinity, work.module); // as `node <module>` would have it
  void import(pathToFileURL(work.module).href);
}

/** Start the spare for a program under test; `booted` resolves when it has closed its ready pipe (or died). */
function bootSpare(): { child: ChildProcess; booted: Promise<void> } {
  // The one flag of the `node --enable-source-maps <file>` a check would otherwise spawn
  // (examples/lib/exercise.ts): the reader's errors point at their own lines, not the bundle's.
  const child = spawn(process.execPath, ['--enable-source-maps', process.argv[1], '--program-under-test'], {
    stdio: ['pipe', 'pipe', 'pipe', 'ignore', 'pipe'],
  });
  child.on('error', () => undefined); // reported through 'exit'
  child.stdin!.on('error', () => undefined);
  const booted = new Promise<void>((resolve) => {
    (child.stdio[READY_FD] as NodeJS.ReadableStream).on('close', resolve).resume();
    child.once('exit', () => resolve());
  });
  // Until a check takes it, it must not keep us alive (a run that is not a check ends it anyway).
  holdOpen(child, false);
  return { child, booted };
}

/** Let the check take the spare once, for a compiled (.mjs) program under test. */
function offer(child: ChildProcess): void {
  let taken = false;
  Object.defineProperty(globalThis, preBootedHook, {
    value(module: string, env: Record<string, string | undefined>): ChildProcess | undefined {
      if (taken || child.exitCode !== null || child.signalCode !== null || !module.endsWith('.mjs')) return undefined;
      taken = true;
      holdOpen(child, true);
      const defined = Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
      child.stdin!.end(`${JSON.stringify({ module, env: defined } satisfies Work)}\n`);
      return child;
    },
  });
}

/** Whether the spare and its output pipes keep this process's event loop alive. */
function holdOpen(child: ChildProcess, hold: boolean): void {
  for (const handle of [child, child.stdin, child.stdout, child.stderr] as ({ ref(): void; unref(): void } | null)[]) {
    if (hold) handle?.ref();
    else handle?.unref();
  }
}
