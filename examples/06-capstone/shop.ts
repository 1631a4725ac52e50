/**
 * Start a shop: the inventory service and the order service, each its own process with its own
 * SQLite database in a new scratch folder, and a new shop name that tags its messages and names
 * its consumer groups. Cells, tests and exercise checks all run the capstone through this.
 * With DATABASE_URL=mysql://user:password@host:port (a MySQL or MariaDB server), each service
 * gets its own database on that server instead, named after the shop, dropped when it stops.
 *
 *   const shop = await startShop({ stocks: { 1: 10 }, orderTimeoutSeconds: 5 });
 *   const order = await shop.placeOrder(7, [[1, 2]]);   // 2 × goods 1 for user 7
 *   await shop.printTables();
 *   await shop.stop();
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { elapsedMs } from '../lib/timeline.ts';
import { runId } from '../lib/workbook.ts';
import { openDb, type Db } from './services/db.ts';
import { dropDatabase, isMysqlUrl } from './services/mysql-db.ts';
import type { FaultPoint } from './services/faults.ts';
import { callJson, HttpError } from './services/http.ts';

export interface ShopOptions {
  /** Stock per goods id at the start, e.g. `{ 1: 10, 2: 5 }`. */
  stocks?: Record<number, number>;
  /** Seconds an order may stay unpaid (30 minutes in the article). */
  orderTimeoutSeconds?: number;
  /** How long CreateOrder waits for the inventory before the deduction counts as unknown (10 s unless a cell is about that). */
  inventoryTimeoutMs?: number;
  /** How young a half message the checker answers "ask again" (4 s; 0 where a cell needs the first check-back to decide). */
  checkBackGraceMs?: number;
  /** Print the services' own log lines, prefixed with [order] / [inventory]. */
  logs?: boolean;
  /** A MySQL/MariaDB server (`mysql://user:password@host:port`) for the services' databases; default: DATABASE_URL, else SQLite files. */
  databaseUrl?: string;
  /** Run another program as a service (an exercise's), instead of the one in services/. */
  orderServiceFile?: string;
  inventoryServiceFile?: string;
}

/** What CreateOrder answered: the order, or the error the service gave. */
export type OrderResult =
  | { ok: true; order_sn: string; total: number; timings: { halfMessage: number; localTransaction: number; endTransaction: number } }
  | { ok: false; status: number; error: string; order_sn?: string };

/** Every row of both databases, table by table, as the article names them. */
export interface ShopRows {
  inventory: { goods: number; stocks: number }[];
  stockselldetail: { order_sn: string; status: number; detail: string }[];
  orderinfo: { order_sn: string; user: number; status: string; order_mount: number; close_reason: string | null }[];
  ordergoods: { order_sn: string; goods: number; goods_name: string; nums: number }[];
  shoppingcart: { user: number; goods: number; nums: number; checked: number }[];
}

/** The service files, beside this one when run from the project, or from the project root when bundled (sandbox). */
function serviceFile(name: 'order' | 'inventory'): string {
  const beside = fileURLToPath(new URL(`./services/${name}/main.ts`, import.meta.url));
  return fs.existsSync(beside) ? beside : path.resolve('examples/06-capstone/services', name, 'main.ts');
}

/** Start both services of a new shop and wait until both answer. */
export async function startShop(options: ShopOptions = {}): Promise<Shop> {
  const name = `shop-${runId()}`;
  removeOldScratch();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'capstone-'));
  const databases = databasesFor(name, dir, options.databaseUrl ?? process.env.DATABASE_URL);
  const inventoryPort = await freePort();
  const common = {
    CAPSTONE_SHOP: name,
    CAPSTONE_FAULTS: '1',
    CAPSTONE_TIMELINE_ORIGIN: String(Date.now() - elapsedMs()),
  };
  const log = new ServiceLog();
  const echo = options.logs ?? true;
  const inventory = new ServiceProcess('inventory', options.inventoryServiceFile ?? serviceFile('inventory'), {
    ...common, INVENTORY_DB: databases.inventory, INVENTORY_PORT: String(inventoryPort),
  }, log, echo);
  const orderEnv = {
    ...common,
    ORDER_DB: databases.order,
    INVENTORY_URL: `http://127.0.0.1:${inventoryPort}`,
    ORDER_TIMEOUT_SECONDS: String(options.orderTimeoutSeconds ?? 1800),
    INVENTORY_TIMEOUT_MS: String(options.inventoryTimeoutMs ?? 10_000),
    CHECK_BACK_GRACE_MS: String(options.checkBackGraceMs ?? 4000),
  };
  const orders = new ServiceProcess('order', options.orderServiceFile ?? serviceFile('order'), { ...orderEnv, ORDER_PORT: '0' }, log, echo);
  const shop = new Shop(name, dir, databases, orders, inventory, log, orderEnv, options);
  try {
    await Promise.all([inventory.start(), orders.start()]);
    for (const [goods, stocks] of Object.entries(options.stocks ?? {})) {
      await inventory.call('POST', '/setinv', { goods: Number(goods), stocks });
    }
  } catch (error) {
    await shop.stop();
    throw error;
  }
  return shop;
}

export class Shop {
  #readers: { orders: Db; inventory: Db } | undefined;
  #spares: ServiceProcess[] = [];

  constructor(
    /** The shop's name: the tag on its messages, the prefix of its consumer groups. */
    readonly name: string,
    /** The scratch folder (with order.db and inventory.db, on SQLite). */
    readonly dir: string,
    /** Each service's database: a SQLite file, or a mysql:// URL. */
    readonly databases: ShopDatabases,
    readonly orders: ServiceProcess,
    readonly inventory: ServiceProcess,
    private readonly log: ServiceLog,
    private readonly orderEnv: Record<string, string>,
    private readonly options: ShopOptions,
  ) {}

  /** Put goods into user's cart ([goods, nums] pairs), then CreateOrder. Never throws for an error answer: returns it. */
  async placeOrder(user: number, items: [goods: number, nums: number][], via: ServiceProcess = this.orders): Promise<OrderResult> {
    try {
      for (const [goods, nums] of items) await via.call('POST', '/cart', { user, goods, nums });
      const placed = await via.call('POST', '/orders', { user, address: 'No. 1 Kettle Street', name: 'Li Lei', mobile: '13800000000', post: '100000' });
      return { ok: true, ...placed } as OrderResult;
    } catch (error) {
      if (!(error instanceof HttpError)) return { ok: false, status: 0, error: (error as Error).message };
      return { ok: false, status: error.status, error: error.message, ...(error.extra.order_sn ? { order_sn: String(error.extra.order_sn) } : {}) };
    }
  }

  /** Pay an order: the service's answer, or its error. */
  async pay(orderSn: string): Promise<{ ok: true } | { ok: false; status: number; error: string }> {
    try {
      await this.orders.call('POST', `/orders/${orderSn}/pay`);
      return { ok: true };
    } catch (error) {
      return { ok: false, status: error instanceof HttpError ? error.status : 0, error: (error as Error).message };
    }
  }

  /** Start one more order service process on the same database: another instance, as in production. */
  async addOrderInstance(label = 'order #2', env: Record<string, string> = {}): Promise<ServiceProcess> {
    const spare = new ServiceProcess(label, this.options.orderServiceFile ?? serviceFile('order'), { ...this.orderEnv, ORDER_PORT: '0', ...env }, this.log, this.options.logs ?? true);
    this.#spares.push(spare);
    await spare.start();
    return spare;
  }

  /** The first line any of the shop's services printed (so far, or from now on) that matches `pattern`. */
  waitForLine(pattern: RegExp, timeoutMs = 30_000): Promise<RegExpExecArray> {
    return this.log.waitFor(pattern, () => true, timeoutMs);
  }

  /** How many lines the shop's services have printed so far that match `pattern`. */
  countLines(pattern: RegExp): number {
    return this.log.count(pattern, () => true);
  }

  /** Every line the shop's services have printed so far, as `[service] line`. */
  logLines(): string[] {
    return this.log.entries.map(({ service, line }) => `[${service}] ${line}`);
  }

  /** Every row of both databases, read with plain SQL, as anyone could audit them. */
  async rows(): Promise<ShopRows> {
    this.#readers ??= { orders: openDb(this.databases.order), inventory: openDb(this.databases.inventory) };
    const { orders, inventory } = this.#readers;
    return {
      inventory: await inventory.query('SELECT goods, stocks FROM inventory ORDER BY goods'),
      stockselldetail: await inventory.query('SELECT order_sn, status, detail FROM stockselldetail ORDER BY order_sn'),
      orderinfo: await orders.query('SELECT order_sn, user, status, order_mount, close_reason FROM orderinfo ORDER BY created_at, order_sn'),
      ordergoods: await orders.query('SELECT order_sn, goods, goods_name, nums FROM ordergoods ORDER BY order_sn, goods'),
      shoppingcart: await orders.query('SELECT user, goods, nums, checked FROM shoppingcart ORDER BY user, goods'),
    };
  }

  /** Print the tables (all, or those named), one block each. */
  async printTables(title: string, tables: (keyof ShopRows)[] = ['inventory', 'stockselldetail', 'orderinfo', 'ordergoods', 'shoppingcart']): Promise<ShopRows> {
    const rows = await this.rows();
    console.log(`--- ${title} ---`);
    for (const table of tables) console.log(formatTable(table, rows[table] as Record<string, unknown>[]));
    return rows;
  }

  /** Poll both databases until `done(rows)` holds; throws, saying `what`, after `timeoutMs`. */
  async waitUntil(what: string, done: (rows: ShopRows) => boolean, timeoutMs = 30_000): Promise<ShopRows> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const rows = await this.rows();
      if (done(rows)) return rows;
      if (Date.now() > deadline) throw new Error(`waited ${timeoutMs / 1000} s for ${what}; it did not happen`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  /** Stop both services (and any extra instance) and delete the databases. */
  async stop(): Promise<void> {
    await Promise.all([this.orders, this.inventory, ...this.#spares].map((service) => service.end()));
    if (this.#readers) await Promise.all([this.#readers.orders.close(), this.#readers.inventory.close()]);
    fs.rmSync(this.dir, { recursive: true, force: true });
    for (const target of [this.databases.order, this.databases.inventory]) {
      if (isMysqlUrl(target)) await dropDatabase(target).catch(() => undefined); // the server may be gone already
    }
  }
}

export interface ShopDatabases {
  order: string;
  inventory: string;
}

/** SQLite files in the scratch folder, or two databases named after the shop on the server `url` names. */
function databasesFor(shop: string, dir: string, url: string | undefined): ShopDatabases {
  if (!url) return { order: path.join(dir, 'order.db'), inventory: path.join(dir, 'inventory.db') };
  if (!isMysqlUrl(url)) throw new Error(`DATABASE_URL must be mysql://user:password@host:port (got ${url}); leave it unset for SQLite`);
  const server = new URL(url);
  server.pathname = '';
  const base = server.toString().replace(/\/$/, '');
  const prefix = shop.replace(/[^A-Za-z0-9]/g, '_');
  return { order: `${base}/${prefix}_order`, inventory: `${base}/${prefix}_inventory` };
}

// The client warns at load on a machine without a network card that has a MAC address (a
// container, a network namespace); harmless, and said once by the cell itself already.
const NO_MAC_WARNING = "[rocketmq-client-nodejs] can't get mac address";

// However the cell ends (an error, Ctrl+C), its services end with it: with SIGTERM, so that they
// shut their clients down. A killed producer would stay registered at the proxy for 120 s and
// take check-backs meant for live ones. (The sandbox SIGKILLs what is left after a grace period.)
const childProcesses = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of childProcesses) child.kill('SIGTERM');
});

/** Every line the shop's services printed, with the service it came from. */
class ServiceLog {
  readonly entries: { service: string; line: string }[] = [];
  #waiting = new Set<() => void>();

  add(service: string, line: string): void {
    this.entries.push({ service, line });
    for (const wake of this.#waiting) wake();
  }

  count(pattern: RegExp, from: (service: string) => boolean): number {
    return this.entries.filter((entry) => from(entry.service) && pattern.test(entry.line)).length;
  }

  /** The first matching line so far, or the next one; rejects after `timeoutMs`. */
  async waitFor(pattern: RegExp, from: (service: string) => boolean, timeoutMs: number): Promise<RegExpExecArray> {
    const deadline = Date.now() + timeoutMs;
    for (let seen = 0; ; ) {
      for (; seen < this.entries.length; seen++) {
        const match = from(this.entries[seen].service) ? pattern.exec(this.entries[seen].line) : null;
        if (match) return match;
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no service printed a line matching ${pattern} within ${timeoutMs / 1000} s`);
      await new Promise<void>((resolve) => {
        const wake = () => (this.#waiting.delete(wake), clearTimeout(timer), resolve());
        const timer = setTimeout(wake, left);
        this.#waiting.add(wake);
      });
    }
  }
}

/** One service process: started, watched, called, armed with faults, killed and restarted. */
export class ServiceProcess {
  #child: ChildProcess | undefined;
  #exited: Promise<number | null> = Promise.resolve(null);
  url = '';

  constructor(
    readonly label: string,
    readonly file: string,
    private env: Record<string, string>,
    private readonly log: ServiceLog,
    private readonly echo: boolean,
  ) {}

  /** Spawn the service and resolve once it prints its "ready: … on http://…" line. */
  async start(): Promise<void> {
    const events = Number(process.env.WORKBOOK_EVENTS_FD) > 2; // the sandbox's channel for timeline marks
    const args = this.file.endsWith('.ts') ? ['--import', 'tsx', this.file] : [this.file];
    const child = spawn(process.execPath, args, {
      env: { ...process.env, ...this.env, ...(events ? { WORKBOOK_EVENTS_FD: '3' } : {}) },
      stdio: events ? ['ignore', 'pipe', 'pipe', 3] : ['ignore', 'pipe', 'pipe'],
    });
    this.#child = child;
    childProcesses.add(child);
    child.once('exit', () => childProcesses.delete(child));
    this.#exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    let output = '';
    const ready = new Promise<void>((resolve, reject) => {
      const onLine = (line: string) => {
        output += `${line}\n`;
        this.log.add(this.label, line);
        const match = /^ready: .* on (http:\/\/\S+)/.exec(line);
        if (match) {
          this.url = match[1];
          // A restart keeps the port, so the other service's URL stays right.
          this.env = { ...this.env, [this.label.startsWith('order') ? 'ORDER_PORT' : 'INVENTORY_PORT']: new URL(this.url).port };
          resolve();
        } else if (this.echo && !line.startsWith(NO_MAC_WARNING) && !line.startsWith('starting: ')) {
          console.log(`  [${this.label}] ${line}`);
        }
      };
      lines(child.stdout!, onLine);
      lines(child.stderr!, onLine);
      void this.#exited.then((code) => reject(new Error(`the ${this.label} service exited (code ${code}) before it was ready:\n${output}`)));
      setTimeout(() => reject(new Error(`the ${this.label} service was not ready after 90 s; it printed:\n${output}`)), 90_000).unref();
    });
    await ready;
  }

  /** The first line this service printed (in any of its processes so far, or from now on) that matches `pattern`. */
  waitForLine(pattern: RegExp, timeoutMs = 30_000): Promise<RegExpExecArray> {
    return this.log.waitFor(pattern, (service) => service === this.label, timeoutMs);
  }

  /** How many lines this service has printed so far that match `pattern`. */
  countLines(pattern: RegExp): number {
    return this.log.count(pattern, (service) => service === this.label);
  }

  /** Resolves with the exit code when the process ends (at once if it is not running). */
  get exited(): Promise<number | null> {
    return this.#exited;
  }

  /** Call the service: its JSON answer, or HttpError / NoAnswerError. */
  call<T = Record<string, unknown>>(method: string, route: string, body?: unknown, timeoutMs = 30_000): Promise<T> {
    return callJson<T>(method, `${this.url}${route}`, body, timeoutMs);
  }

  /** Arm a fault at a named point (services/faults.ts): the next request that passes it fails, crashes or stalls. */
  async arm(point: FaultPoint, action: 'fail' | 'crash' | 'delay', ms = 0, more: { times?: number; orderSn?: string } = {}): Promise<void> {
    await this.call('POST', '/faults', { point, action, ms, ...more });
  }

  /** Stop the process cleanly (SIGTERM: it shuts its clients down), SIGKILL if it is not gone within 10 s. */
  async end(): Promise<void> {
    if (!this.#child || this.#child.exitCode !== null || this.#child.signalCode !== null) return;
    this.#child.kill('SIGTERM');
    const killLater = setTimeout(() => this.#child?.kill('SIGKILL'), 10_000);
    await this.#exited;
    clearTimeout(killLater);
  }

  /** End the process at once (SIGKILL: no cleanup, like a crash) and wait until it is gone. */
  async kill(): Promise<void> {
    this.#child?.kill('SIGKILL');
    await this.#exited;
  }

  /** Kill it if it runs, and start a new process on the same database and port. */
  async restart(): Promise<void> {
    await this.kill();
    await this.start();
  }
}

/** Call `onLine` for every line `stream` prints. */
function lines(stream: NodeJS.ReadableStream, onLine: (line: string) => void): void {
  let pending = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    pending += chunk;
    for (let newline = pending.indexOf('\n'); newline >= 0; newline = pending.indexOf('\n')) {
      onLine(pending.slice(0, newline));
      pending = pending.slice(newline + 1);
    }
  });
}

/** A port nobody listens on right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().once('error', reject).listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Scratch folders of shops that were killed before they could clean up (older than an hour). */
function removeOldScratch(): void {
  for (const entry of fs.readdirSync(os.tmpdir())) {
    const full = path.join(os.tmpdir(), entry);
    try {
      if (entry.startsWith('capstone-') && Date.now() - fs.statSync(full).mtimeMs > 3600_000) fs.rmSync(full, { recursive: true, force: true });
    } catch {
      // another run removed it, or it is not ours to remove
    }
  }
}

/** A table as aligned text: its name, a header, one line per row. */
export function formatTable(name: string, rows: Record<string, unknown>[]): string {
  if (rows.length === 0) return `${name}: (no rows)`;
  const columns = Object.keys(rows[0]);
  const cells = rows.map((row) => columns.map((column) => (row[column] === null ? '-' : String(row[column]))));
  const widths = columns.map((column, i) => Math.max(column.length, ...cells.map((line) => line[i].length)));
  const render = (line: string[]) => `  ${line.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd()}`;
  return [`${name}:`, render(columns), ...cells.map(render)].join('\n');
}

