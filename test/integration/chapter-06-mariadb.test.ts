/**
 * The capstone on MariaDB, as the article runs it on MySQL: a MariaDB from Debian's packages in a
 * scratch folder (test/support/mariadb.ts), the same services and SQL through services/db.ts, and
 * the real broker. Fails, not skips, when mariadbd is missing: .ci/run installs it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChaosReport } from '../../chaos/report.ts';
import { openDb, type Db } from '../../examples/06-capstone/services/db.ts';
import { autoReback } from '../../examples/06-capstone/services/inventory/auto-reback.ts';
import { sell, setInv } from '../../examples/06-capstone/services/inventory/sell.ts';
import { createTables } from '../../examples/06-capstone/services/inventory/tables.ts';
import { startShop } from '../../examples/06-capstone/shop.ts';
import { startMariaDb, type MariaDb } from '../support/mariadb.ts';
import { run } from '../support/spawn.ts';

let mariadb: MariaDb;
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'chaos-mariadb-'));

beforeAll(async () => {
  mariadb = await startMariaDb();
});

afterAll(async () => {
  await mariadb?.stop();
  fs.rmSync(scratch, { recursive: true, force: true });
});

/** The databases on the server, by name. */
async function databases(): Promise<string[]> {
  const connection = await mysql.createConnection(mariadb.url);
  const [rows] = await connection.query<mysql.RowDataPacket[]>('SHOW DATABASES');
  await connection.end();
  return rows.map((row) => String(row.Database));
}

describe('the capstone on MariaDB', () => {
  it('Sell never deducts below zero, and a reback delivered many times at once returns once, under READ COMMITTED', async () => {
    const db: Db = openDb(`${mariadb.url}/concurrency`);
    try {
      await createTables(db);
      await setInv(db, 1, 5);
      // Twenty orders of one kettle each, at once, on separate connections of the pool: five get one.
      const sells = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => sell(db, `race-${i}`, [{ goods: 1, num: 1 }])));
      expect(sells.filter((result) => result.status === 'fulfilled')).toHaveLength(5);
      for (const result of sells) {
        if (result.status === 'rejected') expect(String(result.reason)).toMatch(/insufficient stock for goods 1: 0 left/);
      }
      expect(await db.query('SELECT stocks FROM inventory WHERE goods = 1')).toEqual([{ stocks: 0 }]);
      // One deducted order's reback, eight copies at once; and a reback for an order never deducted.
      const sold = (await db.query<{ order_sn: string }>('SELECT order_sn FROM stockselldetail WHERE status = 1 ORDER BY order_sn'))[0].order_sn;
      const outcomes = await Promise.all(Array.from({ length: 8 }, () => retried(() => autoReback(db, sold))));
      expect(outcomes.filter((outcome) => outcome === 'returned')).toHaveLength(1);
      expect(outcomes.filter((outcome) => outcome === 'already returned')).toHaveLength(7);
      const never = await Promise.all(Array.from({ length: 4 }, () => retried(() => autoReback(db, 'never-sold'))));
      expect(never.filter((outcome) => outcome === 'nothing was deducted')).toHaveLength(1);
      expect(await db.query('SELECT stocks FROM inventory WHERE goods = 1')).toEqual([{ stocks: 1 }]);
      // A Sell arriving after its order's reback is refused: the stock would never come back.
      await expect(sell(db, 'never-sold', [{ goods: 1, num: 1 }])).rejects.toThrow(/its stock was returned before this deduction arrived/);
    } finally {
      await db.close();
    }
  });

  it('one order paid, one left to time out: the shop runs on two databases of the server, and drops them when it stops', async () => {
    const shop = await startShop({ stocks: { 1: 10 }, orderTimeoutSeconds: 2, logs: false, databaseUrl: mariadb.url });
    try {
      const prefix = shop.name.replace(/[^A-Za-z0-9]/g, '_');
      expect(await databases()).toEqual(expect.arrayContaining([`${prefix}_order`, `${prefix}_inventory`]));
      const paid = await shop.placeOrder(1, [[1, 2]]);
      const unpaid = await shop.placeOrder(2, [[1, 3]]);
      if (!paid.ok || !unpaid.ok) throw new Error(`CreateOrder failed: ${JSON.stringify([paid, unpaid])}`);
      expect(await shop.pay(paid.order_sn)).toEqual({ ok: true });
      const rows = await shop.waitUntil('the unpaid order closed and its stock returned', (now) =>
        now.stockselldetail.find((sell) => sell.order_sn === unpaid.order_sn)?.status === 2, 60_000);
      expect(rows.inventory).toEqual([{ goods: 1, stocks: 8 }]);
      expect(rows.orderinfo.map(({ order_sn, status }) => ({ order_sn, status }))).toEqual([
        { order_sn: paid.order_sn, status: 'TRADE_SUCCESS' },
        { order_sn: unpaid.order_sn, status: 'TRADE_CLOSED' },
      ]);
      expect(rows.stockselldetail.find((sell) => sell.order_sn === paid.order_sn)?.status).toBe(1);
      expect(shop.countLines(new RegExp(`^AutoReback ${unpaid.order_sn}: returned`))).toBe(1);
    } finally {
      await shop.stop();
    }
    expect((await databases()).filter((name) => name.startsWith('shop_'))).toEqual([]);
  });

  it('npm run chaos with DATABASE_URL: 16 orders, faults, no broker restart: no stock lost or returned twice', async () => {
    const out = path.join(scratch, 'chaos');
    const args = ['--import', 'tsx', 'chaos/cli.ts', '--orders', '16', '--seed', '7', '--no-broker-restart', '--out', out];
    const result = await run(process.execPath, args, { env: { ...process.env, DATABASE_URL: mariadb.url }, timeoutMs: 85_000 });
    const output = `${result.stdout}\n${result.stderr}`;
    expect(result.status, output).toBe(0);
    expect(output).toMatch(/^PASSED: no stock lost or returned twice\.$/m);
    const report = JSON.parse(fs.readFileSync(path.join(out, 'report.json'), 'utf8')) as ChaosReport;
    expect(report.violations).toBe(0);
    expect(Object.values(report.faultsFired).reduce((sum, n) => sum + n, 0)).toBeGreaterThan(0);
    expect(report.restarts.orders + report.restarts.inventory).toBeGreaterThan(0);
    expect(report.outcomes.paid + report.outcomes.closed + report.outcomes.rejected).toBe(16);
    // It ran on MariaDB: the services said so when they started, and the copy kept in `out` has its rows.
    const log = fs.readFileSync(path.join(out, 'services.log'), 'utf8');
    expect(log).toMatch(/^\[inventory\] ready: .*database mysql:\/\/root@127\.0\.0\.1:\d+\/shop_\w+_inventory\)$/m);
    const copy = openDb(path.join(out, 'order.db'));
    expect((await copy.query<{ n: number }>('SELECT COUNT(*) AS n FROM orderinfo WHERE order_mount > 0'))[0].n).toBe(report.outcomes.paid + report.outcomes.closed);
    await copy.close();
  }, 90_000);
});

/** Run a reback the way its consumer does: an error means "deliver it again", so try again. */
async function retried<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt === 5) throw error;
    }
  }
}
