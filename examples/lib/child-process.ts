/**
 * A cell that needs a second process (a producer to kill, a program that should exit by itself)
 * starts its own file again as a child, with a role:
 *
 *   if (childRole() === 'doomed-producer') { …the child's part…; }
 *   const child = spawnSelf('doomed-producer');
 *
 * The child is an ordinary child process: in the sandbox it stays in the run's process group and
 * under its limits, and it ends with the run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import readline from 'node:readline';

/** The role this process was started with by spawnSelf(), or undefined in the parent. */
export function childRole(): string | undefined {
  return process.env.WORKBOOK_CHILD_ROLE || undefined;
}

/** Start this same file again as a child process with `role`; its stdout and stderr are piped to the parent. */
export function spawnSelf(role: string, env: Record<string, string> = {}): ChildProcess {
  // process.execArgv carries what runs TypeScript here (tsx in a terminal; the sandbox compiles first).
  return spawn(process.execPath, [...process.execArgv, process.argv[1]], {
    // The page's event channel belongs to the parent: the child reports on stdout instead.
    env: { ...process.env, ...env, WORKBOOK_CHILD_ROLE: role, WORKBOOK_EVENTS_FD: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Call `onLine` for every line `child` prints on stdout. */
export function onChildLine(child: ChildProcess, onLine: (line: string) => void): void {
  readline.createInterface({ input: child.stdout! }).on('line', onLine);
}

/** Resolve with the child's exit code, or with 'still running' after `ms`. */
export function exitWithin(child: ChildProcess, ms: number): Promise<number | null | 'still running'> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('still running'), ms);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}
