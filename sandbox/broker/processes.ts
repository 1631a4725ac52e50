/** Start the two JVMs detached, record their pids, and stop exactly those processes again. */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { classDataFlags, classPath } from './class-data.ts';
import { layout, type Role } from './layout.ts';
import { commandLine } from './ports.ts';

/** Java's main class for each role; also how we recognise our own processes. */
export const mainClass: Record<Role, string> = {
  namesrv: 'org.apache.rocketmq.namesrv.NamesrvStartup',
  broker: 'org.apache.rocketmq.proxy.ProxyStartup',
};

/** Measured with `npm run bench:broker`: these heaps carry the tutorial's load with room to spare. */
const heap: Record<Role, string[]> = {
  namesrv: ['-Xms64m', '-Xmx128m', '-Xss512k'],
  broker: ['-Xms256m', '-Xmx512m', '-XX:MaxDirectMemorySize=256m'],
};

/**
 * JIT compilers. The broker keeps both: its timer wheel's flush (TimerWheel.flush) compares a
 * ~19 MB map byte by byte, and under C1 alone that kept an idle broker at ~37 % of a core (C2:
 * ~8 %). That outweighs what C2 costs at a start (its compiler thread: ~3 of ~11 CPU seconds).
 * The name server has no such loop: C1 alone cuts its start from ~10 to ~7 CPU seconds (no C2
 * compiler thread) and it still idles at ~0.2 % of a core. Production keeps the defaults (both).
 */
const compiler: Record<Role, string[]> = {
  namesrv: ['-XX:TieredStopAtLevel=1'],
  broker: [],
};

/**
 * Plaintext only on the remoting ports (name server 9876, broker 10911/10909, proxy 8080). In the
 * default "permissive" mode every remoting server makes a self-signed TLS certificate at start
 * (TlsHelper.buildSslContext): an RSA key pair each: about half of the name server's start and a
 * quarter of the broker's, in CPU seconds. The gRPC port still accepts plaintext, as the Node client
 * uses it. Production: TLS with real certificates (tls.server.mode=enforcing).
 */
const plaintextRemoting = '-Dtls.server.mode=disabled';

const logbackConfig: Record<Role, string> = { namesrv: 'rmq.namesrv.logback.xml', broker: 'rmq.proxy.logback.xml' };

// RocketMQ reaches into JDK internals (direct buffers, mmap); JDK 17 wants these to be explicit.
const jdkOpens = [
  '--add-opens', 'java.base/java.nio=ALL-UNNAMED',
  '--add-opens', 'java.base/jdk.internal.ref=ALL-UNNAMED',
  '--add-opens', 'java.base/java.util=ALL-UNNAMED',
  '--add-exports', 'java.base/sun.nio.ch=ALL-UNNAMED',
];

export const pidFile = (role: Role) => path.join(layout.run, `${role}.pid`);
export const consoleFile = (role: Role) => path.join(layout.home, 'logs', `${role}.out`);

/** Start one JVM in its own session so it outlives the command that started it. Returns its pid. */
export function startJvm(java: string, role: Role, args: string[]): number {
  fs.mkdirSync(layout.run, { recursive: true });
  fs.mkdirSync(path.dirname(consoleFile(role)), { recursive: true });
  const out = fs.openSync(consoleFile(role), 'w');
  const child = spawn(java, [
    ...heap[role],
    '-XX:+UseSerialGC', // one core's worth of GC is plenty here and saves memory
    ...compiler[role],
    ...classDataFlags(java, role),
    plaintextRemoting,
    ...jdkOpens,
    `-Duser.home=${layout.home}`, // logs go to .rocketmq/logs/rocketmqlogs, not ~/logs
    `-Drocketmq.home.dir=${layout.home}`,
    `-Drmq.logback.configurationFile=${logbackConfig[role]}`,
    '-cp', classPath(), // the jars one by one, in a fixed order: a class-data archive fits one class path
    mainClass[role],
    ...args,
  ], { detached: true, stdio: ['ignore', out, out], env: { ...process.env, ROCKETMQ_HOME: layout.home } });
  fs.closeSync(out);
  child.unref();
  fs.writeFileSync(pidFile(role), `${child.pid}\n`);
  return child.pid!;
}

/** The pid of our running JVM for `role`, checked against its command line; stale pid files are removed. */
export function runningPid(role: Role): number | undefined {
  let pid: number;
  try {
    pid = Number(fs.readFileSync(pidFile(role), 'utf8').trim());
  } catch {
    return undefined;
  }
  if (isOurs(pid, role)) return pid;
  fs.rmSync(pidFile(role), { force: true });
  return undefined;
}

/** True when `pid` is alive and is our JVM for `role` (a recycled pid is someone else's). */
export function isOurs(pid: number, role: Role): boolean {
  const cmd = commandLine(pid);
  return cmd.includes(mainClass[role]) && cmd.includes(`-Drocketmq.home.dir=${layout.home}`) && isAlive(pid);
}

/** True while a process exists and is not a zombie (an exited child nobody has reaped yet). */
export function isAlive(pid: number): boolean {
  try {
    return !/^State:\s+Z/m.test(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
export async function stopProcess(pid: number, role: Role, graceMs = 25_000): Promise<'terminated' | 'killed'> {
  signal(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!isOurs(pid, role)) return 'terminated';
    await waitMs(100);
  }
  signal(pid, 'SIGKILL');
  while (isOurs(pid, role)) await waitMs(50);
  return 'killed';
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}

/** Resident memory of a process in MiB, from /proc. */
export function residentMiB(pid: number): number | undefined {
  try {
    const kb = /^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Math.round(Number(kb) / 1024) : undefined;
  } catch {
    return undefined;
  }
}

/** The heap flags a role runs with, for `status`. */
export const heapFlags = (role: Role) => heap[role].filter((flag) => flag.startsWith('-Xm')).join(' ');

/** The last `lines` lines of a file, or '' when it does not exist. */
export function tailFile(file: string, lines: number): string {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/** Pause for a poll loop that re-checks a condition. */
export const waitMs = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
