/**
 * What every exercise's check.ts shares: run the program under test as a child process, and
 * report the checks, one line each.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { FilterExpression, SimpleConsumer, type MessageView } from 'rocketmq-client-nodejs';
import { connection, finish, runId, start } from './workbook.ts';

const preBootedNode = Symbol.for('rocketmq-workbook.preBootedNode');
type Program = ChildProcessByStdio<null, Readable, Readable>;

/** What the program under test did. */
export interface ProgramRun {
  /** The file that ran. */
  file: string;
  /** The run id handed to the program (env EXERCISE_RUN_ID); its messages carry it. */
  runId: string;
  stdout: string;
  stderr: string;
  exitCode: number | null;
  timedOut: boolean;
}

/** One check: what it verifies, whether it passed, and what to fix when it did not. */
export interface Check {
  what: string;
  ok: boolean;
  fix: string;
}

/** The program under test: env EXERCISE_FILE, else solution.ts of `exercise` (e.g. "01-why-mq/exercises/fan-out"). */
export function fileUnderTest(exercise: string): string {
  if (process.env.EXERCISE_FILE) return path.resolve(process.env.EXERCISE_FILE);
  // Beside this file when run from the project (tsx); from the project root when bundled.
  const besideLib = fileURLToPath(new URL(`../${exercise}/solution.ts`, import.meta.url));
  return fs.existsSync(besideLib) ? besideLib : path.resolve('examples', exercise, 'solution.ts');
}

/**
 * Run the program under test with EXERCISE_RUN_ID set, echoing its output indented, and
 * collect what it printed. A .ts file runs through tsx, a .mjs file with plain node; `nodeArgs`
 * go to node before the file.
 */
export function runUnderTest(exercise: string, options: {
  timeoutMs?: number;
  runId?: string;
  /** Go to node before the file: a check can load a module into the program (--import) to watch it. */
  nodeArgs?: string[];
  /** More environment for the program (a check that runs it twice tells it which time it is). */
  env?: Record<string, string>;
  /** Called with all the program has printed so far, at each new output (a check that waits for the program to be ready). */
  onStdout?: (text: string) => void;
} = {}): Promise<ProgramRun> {
  const file = fileUnderTest(exercise);
  const id = options.runId ?? runId();
  // A compiled (.mjs) program carries an inline source map: its errors then point at the reader's lines.
  const args = [...(options.nodeArgs ?? []), ...(file.endsWith('.ts') ? ['--import', 'tsx', file] : ['--enable-source-maps', file])];
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env, EXERCISE_RUN_ID: id };
  delete env.WORKBOOK_EVENTS_FD; // the child has no events channel; its output is enough
  delete env.EXERCISE_FILE;
  console.log(`running ${path.relative(process.cwd(), file) || file} (run id ${id})`);
  // In the sandbox, a Node booted ahead of time waits for the program (sandbox/runner/warm-child.ts):
  // the program starts at once instead of after Node and the client have loaded. Same file, same
  // environment — but not the check's nodeArgs (a probe loaded with --import), so those runs spawn.
  const preBooted = options.nodeArgs?.length ? undefined
    : (globalThis as { [preBootedNode]?: (file: string, env: NodeJS.ProcessEnv) => Program | undefined })[preBootedNode];
  const child = preBooted?.(file, env) ?? spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const result: ProgramRun = { file, runId: id, stdout: '', stderr: '', exitCode: null, timedOut: false };
  const echo = (text: string) => process.stdout.write(text.replace(/^(?=.)/gm, '  │ '));
  child.stdout.setEncoding('utf8').on('data', (text: string) => { result.stdout += text; echo(text); options.onStdout?.(result.stdout); });
  child.stderr.setEncoding('utf8').on('data', (text: string) => { result.stderr += text; echo(text); });
  const timer = setTimeout(() => {
    result.timedOut = true;
    child.kill('SIGTERM'); // finish() in the program shuts its clients down
    setTimeout(() => child.kill('SIGKILL'), 4000).unref();
  }, options.timeoutMs ?? 45_000);
  return new Promise((resolve) => {
    child.on('close', (code) => {
      clearTimeout(timer);
      result.exitCode = code;
      console.log();
      const crash = crashOf(result.stderr);
      if (crash && code !== 0 && !result.timedOut) {
        console.log(`Your program stopped with an error before it finished: ${crash}.`);
        console.log('Fix that first: the checks below can only see what it did before it stopped.\n');
      }
      resolve(result);
    });
  });
}

/**
 * The error that ended a program, in one line, from what Node printed for an uncaught exception
 * or rejection: "TypeError: … (at tag-filter.ts:12:5)". Undefined when it printed none.
 */
export function crashOf(stderr: string): string | undefined {
  const error = /^(?:Uncaught )?((?:[A-Z]\w*)?(?:Error|Exception)(?: \[\w+\])?: .+)$/m.exec(stderr);
  if (!error) return undefined;
  const frames = stderr.slice(error.index).split('\n').filter((line) => /^\s+at /.test(line) && !/node:internal|node_modules/.test(line));
  const where = /(?:\(|at )(?:file:\/\/)?([^()\s]+\.[cm]?[tj]s:\d+:\d+)\)?\s*$/.exec(frames[0] ?? '')?.[1];
  return where ? `${error[1]} (at ${path.isAbsolute(where) ? path.relative(process.cwd(), where) : where})` : error[1];
}

/**
 * Read everything that reaches `topic` with the check's own consumer group, keeping the messages
 * of run `run` (property "run"). Start it before the program, so the group's first receive() comes
 * before the program's sends; `stop(expected)` waits until that many arrived, or 5 s more.
 */
export async function auditTopic(topic: string, group: string, run: string) {
  const audit = await start(new SimpleConsumer({
    ...connection(),
    consumerGroup: group,
    subscriptions: new Map([[topic, FilterExpression.SUB_ALL]]),
    awaitDuration: 3000,
  }));
  const messages = new Map<string, MessageView>();
  let stopAt = Infinity;
  let expected = Infinity;
  const reading = (async () => {
    while (Date.now() < stopAt && messages.size < expected) {
      for (const message of await audit.receive(32, 15_000)) {
        if (message.properties.get('run') === run) messages.set(message.messageId, message);
        await audit.ack(message);
      }
    }
  })();
  return {
    /** Stop reading once `expected` messages of the run arrived, or after 5 s; resolves with them, in no particular order. */
    async stop(expectedCount: number): Promise<MessageView[]> {
      expected = expectedCount;
      stopAt = Date.now() + 5000;
      await reading;
      return [...messages.values()];
    },
  };
}

/** Print one line per check (✓ / ✗ with what to fix), then end the process: exit 0 only if all passed. */
export async function report(checks: Check[]): Promise<never> {
  for (const check of checks) console.log(check.ok ? `✓ ${check.what}` : `✗ ${check.what} (${check.fix})`);
  const passed = checks.filter((check) => check.ok).length;
  console.log(passed === checks.length ? `all ${passed} checks passed` : `${passed} of ${checks.length} checks passed`);
  return finish(passed === checks.length ? 0 : 1);
}
