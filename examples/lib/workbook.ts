/**
 * The few helpers every example shares: where the broker is, how clients start and end,
 * and how an example sends structured data (for charts) to the page.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import './client-fixes.ts';
import './room-client.ts';

/** Options every client needs: the gRPC proxy's address (ROCKETMQ_ENDPOINTS) and a quiet logger. */
export function connection() {
  return {
    endpoints: process.env.ROCKETMQ_ENDPOINTS || '127.0.0.1:8081',
    // RocketMQ 5 namespaces do not isolate with proxy 5.3.3 and this client: a room on one broker
    // uses WORKBOOK_NAMESPACE, a prefix added to every name on the wire (room-client.ts).
    namespace: '',
    logger: clientLogger,
  };
}

/** Something with a shutdown(): every RocketMQ client is one. */
interface Closable {
  shutdown(): Promise<void>;
}

const started: Closable[] = [];

/**
 * Start a RocketMQ client and remember it, so finish() can shut it down.
 * `await start(new Producer({...}))` reads the same as `await producer.startup()`.
 */
export async function start<T extends Closable & { startup(): Promise<unknown> }>(client: T): Promise<T> {
  started.push(client);
  await client.startup();
  return client;
}

/** How long finish() waits for one client's shutdown. A PushConsumer waits for its open long poll (up to ~20 s) otherwise. */
const SHUTDOWN_WAIT_MS = 3000;

/**
 * Shut down every client start() started, all at once, then end the process.
 *
 * The Node client keeps timers running (heartbeats, route refresh) and a PushConsumer leaves a
 * logger open, so a script that only calls shutdown() may never exit. finish() always exits.
 */
export async function finish(exitCode = 0): Promise<never> {
  // Clients share nothing, so they can close side by side: a cell with five push consumers
  // waits SHUTDOWN_WAIT_MS once, not five times. shutdown() rejects when the broker is already
  // gone; the process is ending anyway.
  await Promise.all(started.splice(0).map((client) =>
    Promise.race([client.shutdown().catch(() => undefined), sleep(SHUTDOWN_WAIT_MS)])));
  process.exit(exitCode);
}

/** Wait `ms` milliseconds. Examples use it to pace a demonstration, never to wait for a result. */
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Send structured data to the page (charts, timelines). In the sandbox it travels on its own
 * channel as an `event`; in a terminal it is printed as a line starting with "event".
 */
export function emit(data: { kind: string; [field: string]: unknown }): void {
  const line = `${JSON.stringify(data)}\n`;
  const fd = Number(process.env.WORKBOOK_EVENTS_FD);
  if (fd > 2) fs.writeSync(fd, line);
  else if (process.env.WORKBOOK_SHOW_EVENTS) process.stdout.write(`event ${line}`);
}

/** A short random id: each run's messages carry one, so a run counts only its own messages. */
export function runId(): string {
  return Math.random().toString(36).slice(2, 8);
}

// The client logs every heartbeat. Keep its log out of the reader's output and home folder.
const logFile = path.join(os.tmpdir(), 'rocketmq-workbook-client.log');
const writeLog = (level: string) => (...args: unknown[]) => {
  try {
    fs.appendFileSync(logFile, `${new Date().toISOString()} ${level} ${args.map(String).join(' ')}\n`);
  } catch {
    // logging must never break an example
  }
};
const clientLogger = { debug: () => {}, info: () => {}, warn: writeLog('WARN'), error: writeLog('ERROR'), close: () => {} };

// Ctrl+C or the sandbox's Stop: shut the clients down, then exit.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void finish(130));
