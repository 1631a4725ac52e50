/**
 * What every exercise's check.ts shares: run the program under test as a child process, and
 * report the checks, one line each.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { finish, runId } from './workbook.ts';

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
 * collect what it printed. A .ts file runs through tsx, a .mjs file with plain node.
 */
export function runUnderTest(exercise: string, options: { timeoutMs?: number; runId?: string } = {}): Promise<ProgramRun> {
  const file = fileUnderTest(exercise);
  const id = options.runId ?? runId();
  const args = file.endsWith('.ts') ? ['--import', 'tsx', file] : [file];
  const env: NodeJS.ProcessEnv = { ...process.env, EXERCISE_RUN_ID: id };
  delete env.WORKBOOK_EVENTS_FD; // the child has no events channel; its output is enough
  delete env.EXERCISE_FILE;
  console.log(`running ${path.relative(process.cwd(), file) || file} (run id ${id})`);
  // In the sandbox, a Node booted ahead of time waits for the program (sandbox/runner/warm-child.ts):
  // the program starts at once instead of after Node and the client have loaded. Same file, same environment.
  const preBooted = (globalThis as { [preBootedNode]?: (file: string, env: NodeJS.ProcessEnv) => Program | undefined })[preBootedNode];
  const child = preBooted?.(file, env) ?? spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const result: ProgramRun = { file, runId: id, stdout: '', stderr: '', exitCode: null, timedOut: false };
  const echo = (text: string) => process.stdout.write(text.replace(/^(?=.)/gm, '  │ '));
  child.stdout.setEncoding('utf8').on('data', (text: string) => { result.stdout += text; echo(text); });
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
      resolve(result);
    });
  });
}

/** Print one line per check (✓ / ✗ with what to fix), then end the process: exit 0 only if all passed. */
export async function report(checks: Check[]): Promise<never> {
  for (const check of checks) console.log(check.ok ? `✓ ${check.what}` : `✗ ${check.what} (${check.fix})`);
  const passed = checks.filter((check) => check.ok).length;
  console.log(passed === checks.length ? `all ${passed} checks passed` : `${passed} of ${checks.length} checks passed`);
  return finish(passed === checks.length ? 0 : 1);
}
