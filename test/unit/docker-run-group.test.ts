/**
 * rocketmq/docker-run-group.sh is the command of the name server's and the broker's containers
 * (docker-compose.yml): it must pass Docker's SIGTERM to java, two shells down, and stay alive
 * until java's shutdown hook has finished, or Docker ends the container and java with it. No Docker
 * engine runs here, so these tests run the wrapper itself, with a command shaped like mqbroker's:
 * `sh` that starts a stand-in JVM without exec (test/support/stand-in-jvm.mjs).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import readline from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { projectRoot } from '../../sandbox/broker/layout.ts';

const wrapper = path.join(projectRoot, 'rocketmq/docker-run-group.sh');
const standIn = path.join(projectRoot, 'test/support/stand-in-jvm.mjs');
// Long enough to tell "waited for the hook" from "exited at once" on a busy machine.
const hookMs = 1500;

/** State, parent and process group of a process from /proc, or undefined once it is gone. */
function procStat(pid: number): { state: string; ppid: number; pgrp: number } | undefined {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  const [state, ppid, pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { state, ppid: Number(ppid), pgrp: Number(pgrp) };
}
const running = (pid: number) => {
  const stat = procStat(pid);
  return stat !== undefined && stat.state !== 'Z';
};

let leftover: number | undefined;
const tempDirs: string[] = [];
afterEach(() => {
  // A failed test must not leave the stand-in running.
  if (leftover && running(leftover)) process.kill(leftover, 'SIGKILL');
  leftover = undefined;
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** What the stand-in wrote, one entry a line; nothing before it was signalled. */
const standInLog = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean) : []);

/** The wrapper's exit code; fails plainly, not by the test's timeout, when it never comes. */
async function exitCode(exited: Promise<[number | null, unknown]>, after: string): Promise<number | null> {
  let timer: NodeJS.Timeout | undefined;
  const stuck = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the wrapper was still running 20 s after ${after}`)), 20_000);
  });
  try {
    return (await Promise.race([exited, stuck]))[0];
  } finally {
    clearTimeout(timer);
  }
}

/** The wrapper running `sh -c 'node stand-in-jvm.mjs …; :'`: the stand-in is its grandchild, as java is. */
async function startWrapped() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'run-group-'));
  tempDirs.push(dir);
  const logFile = path.join(dir, 'stand-in.log');
  // The `:` keeps dash from exec'ing node, as mqbroker's `sh runbroker.sh` is not exec'd.
  const child = spawn('bash', [wrapper, 'sh', '-c', 'node "$0" "$@"; :', standIn, String(hookMs), logFile], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = once(child, 'exit') as Promise<[number | null, unknown]>;
  const [firstLine] = await once(readline.createInterface({ input: child.stdout }), 'line');
  const standInProcess = JSON.parse(firstLine) as { pid: number; pgrp: number };
  leftover = standInProcess.pid;
  return { child, exited, standInProcess, logFile };
}

describe('rocketmq/docker-run-group.sh', () => {
  it('starts the command in a process group of its own', async () => {
    const { child, exited, standInProcess } = await startWrapped();
    // The group's leader is the wrapper's child (the sh), not the wrapper: a signal to the group
    // reaches everything the command started and never the wrapper itself.
    expect(standInProcess.pgrp).not.toBe(child.pid);
    expect(procStat(standInProcess.pgrp)?.ppid).toBe(child.pid);
    expect(procStat(child.pid!)?.pgrp).not.toBe(standInProcess.pgrp);
    child.kill('SIGTERM');
    await exitCode(exited, 'SIGTERM');
  });

  it.each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const)('passes %s to the grandchild and exits only after its shutdown hook has run', async (signal, status) => {
    const { child, exited, standInProcess, logFile } = await startWrapped();
    const sentAt = Date.now();
    child.kill(signal);
    const code = await exitCode(exited, signal);
    const took = Date.now() - sentAt;

    // (With SIGINT, dash itself waits for its foreground child; with SIGTERM it dies at once, so
    // only the wrapper's own wait keeps the container alive.)
    // Read when the wrapper has exited: the grandchild got the signal and its hook had finished.
    expect(standInLog(logFile)).toEqual([`${signal} received`, 'shutdown hook done']);
    expect(running(standInProcess.pid)).toBe(false);
    expect(took).toBeGreaterThanOrEqual(hookMs);
    // The wrapper reports how the command (sh, ended by the signal) ended: 128 + the signal's number.
    expect(code).toBe(status);
  });

  it('ends with the command when it exits by itself, with its exit status', async () => {
    const child = spawn('bash', [wrapper, 'sh', '-c', 'exit 3'], { stdio: 'ignore' });
    const [code] = await once(child, 'exit');
    expect(code).toBe(3);
  });

  it('says how to use it when given no command', async () => {
    const child = spawn('bash', [wrapper], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const [code] = await once(child, 'exit');
    expect(code).toBe(2);
    expect(stderr).toContain('usage: bash docker-run-group.sh COMMAND');
  });
});
