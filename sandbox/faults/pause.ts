/**
 * Pause the local broker's JVM (SIGSTOP) and resume it (SIGCONT): a broker that stops answering
 * in an instant and answers again in an instant, its connections, store and ports left as they were.
 *
 * A paused JVM must never outlive the pause. Every pause starts a watchdog: a detached shell in
 * its own session that sends SIGCONT at the deadline whatever happens to the process that paused
 * it (a crash, SIGKILL, a closed terminal). `resumeStrandedBroker()` is the second line: the
 * sandbox calls it when it starts, so a broker left stopped (say, the machine slept through the
 * watchdog's deadline, or someone sent SIGSTOP by hand) answers again.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { isOurs, runningPid } from '../broker/processes.ts';

/** The watchdog resumes this long after the pause's own deadline: the normal path goes first. */
const WATCHDOG_MARGIN_S = 2;

/** A paused broker JVM, and how to resume it. */
export interface Pause {
  pid: number;
  /** Send SIGCONT now and call off the watchdog. Safe to call twice. */
  resume(): void;
}

/** SIGSTOP the local broker JVM for at most `seconds`; undefined when the workbook runs no broker JVM. */
export function pauseBroker(seconds: number): Pause | undefined {
  const pid = runningPid('broker');
  if (!pid) return undefined;
  // The watchdog first: if it cannot start, the broker is never paused.
  const watchdog = spawn('/bin/sh', ['-c', `sleep ${seconds + WATCHDOG_MARGIN_S}; kill -CONT ${pid}`], {
    detached: true,
    stdio: 'ignore',
  });
  watchdog.unref();
  if (!watchdog.pid) throw new Error('could not start the watchdog that resumes the broker; the broker was not paused');
  process.kill(pid, 'SIGSTOP');
  let resumed = false;
  return {
    pid,
    resume() {
      if (resumed) return;
      resumed = true;
      signal(pid, 'SIGCONT');
      // End the watchdog's whole group (the shell and its sleep).
      signal(-watchdog.pid!, 'SIGKILL');
    },
  };
}

/** True while `pid` is stopped by a signal (state T in /proc). */
export function isStopped(pid: number): boolean {
  try {
    return /^State:\s+T/m.test(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}

/** SIGCONT our broker and name server JVMs if they are stopped; returns the roles it resumed. */
export function resumeStrandedBroker(): string[] {
  const resumed: string[] = [];
  for (const role of ['namesrv', 'broker'] as const) {
    const pid = runningPid(role);
    if (pid && isOurs(pid, role) && isStopped(pid)) {
      signal(pid, 'SIGCONT');
      resumed.push(role);
    }
  }
  return resumed;
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}
