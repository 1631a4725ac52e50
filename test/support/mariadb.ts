/**
 * A throwaway MariaDB from Debian's mariadb-server package: a new data directory in /tmp, a free
 * port on 127.0.0.1, no passwords (skip-grant-tables; nothing else can reach it), gone on stop().
 * Runs as the current user, root included (CI runs as root; mariadbd refuses root without --user).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { run } from './spawn.ts';

export interface MariaDb {
  /** `mysql://root@127.0.0.1:<port>`: a server, for DATABASE_URL. */
  url: string;
  stop(): Promise<void>;
}

/** mariadbd and mariadb-install-db, from PATH or where Debian puts them (sbin is not on every PATH). */
function binary(name: string): string {
  for (const dir of [...(process.env.PATH ?? '').split(':'), '/usr/sbin', '/usr/bin']) {
    const file = path.join(dir, name);
    if (dir && fs.existsSync(file)) return file;
  }
  throw new Error(`${name} is not installed. Install Debian's MariaDB server (apt-get install mariadb-server; .ci/run does) to run the capstone on MariaDB.`);
}

export async function startMariaDb(): Promise<MariaDb> {
  const [server, installDb] = [binary('mariadbd'), binary('mariadb-install-db')];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mariadb-'));
  const datadir = path.join(dir, 'data');
  const user = os.userInfo().username;
  const installed = await run(installDb, ['--no-defaults', `--datadir=${datadir}`, `--user=${user}`, '--skip-test-db', '--auth-root-authentication-method=normal'], { timeoutMs: 60_000 });
  if (installed.status !== 0) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(`mariadb-install-db failed (exit ${installed.status}):\n${installed.stdout}${installed.stderr}`);
  }
  const port = await freePort();
  const child = spawn(server, [
    '--no-defaults', `--datadir=${datadir}`, `--socket=${path.join(dir, 'mariadb.sock')}`, `--pid-file=${path.join(dir, 'mariadb.pid')}`,
    `--port=${port}`, '--bind-address=127.0.0.1', `--user=${user}`, '--skip-grant-tables', '--skip-name-resolve',
    // A test server: small, and no fsync per commit (the faults kill services, never the database).
    '--innodb-buffer-pool-size=64M', '--innodb-flush-log-at-trx-commit=2', '--max-connections=200',
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout!.on('data', (chunk) => (log += chunk));
  child.stderr!.on('data', (chunk) => (log += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const mariadb = { url: `mysql://root@127.0.0.1:${port}`, stop: () => stopServer(child, exited, dir) };
  try {
    await waitUntilItAnswers(port, exited, () => log);
  } catch (error) {
    await mariadb.stop();
    throw error;
  }
  return mariadb;
}

/** Connect until a connection succeeds (the server takes a few seconds to open its port). */
async function waitUntilItAnswers(port: number, exited: Promise<number | null>, log: () => string): Promise<void> {
  let gone: number | null | undefined;
  void exited.then((code) => (gone = code));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (gone !== undefined) throw new Error(`mariadbd exited (code ${gone}) before it answered:\n${log()}`);
    try {
      const connection = await mysql.createConnection({ host: '127.0.0.1', port, user: 'root' });
      await connection.end();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`mariadbd did not answer on 127.0.0.1:${port} within 60 s (${(error as Error).message}):\n${log()}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

async function stopServer(child: ChildProcess, exited: Promise<number | null>, dir: string): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGTERM'); // a clean shutdown; SIGKILL if it takes too long
    const killLater = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(killLater);
  }
  fs.rmSync(dir, { recursive: true, force: true });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().once('error', reject).listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
