/**
 * The scene both idempotency cells share: the inventory service's database and the "return the
 * stock of order …" messages it receives (the article's order_reback topic). Three orders each
 * return 2 kettles. Two things go wrong, as they do in production:
 *   - order 2's message is sent twice: the first send timed out, so the producer sent it again
 *     (a new message id, the same order);
 *   - the consumer crashes after applying order 3 and before acknowledging it, so the broker
 *     delivers order 3 again.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { FilterExpression, Producer, SimpleConsumer, type MessageView } from 'rocketmq-client-nodejs';
import { connection, start } from '../../lib/workbook.ts';

export const topic = 'stock-returns';
export const STOCK_BEFORE = 100;
export const ORDERS = ['SN-1', 'SN-2', 'SN-3'];
export const KETTLES_PER_ORDER = 2;
export const SENT_TWICE = 'SN-2';
export const CRASHES_BEFORE_ACK = 'SN-3';

export interface StockReturn {
  orderSn: string;
  goods: string;
  num: number;
}

/**
 * A fresh inventory database in a temporary folder: 100 kettles in stock, and, as the article's
 * stockselldetail table does, one row per order saying what it took (status 1 = deducted,
 * 2 = returned).
 */
export function openInventory(): { db: Database.Database; remove(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'workbook-inventory-'));
  const db = new Database(path.join(dir, 'inventory.db'));
  db.exec(`
    CREATE TABLE inventory (goods TEXT PRIMARY KEY, stocks INTEGER NOT NULL);
    CREATE TABLE stockselldetail (order_sn TEXT PRIMARY KEY, status INTEGER NOT NULL, goods TEXT NOT NULL, num INTEGER NOT NULL);
  `);
  db.prepare('INSERT INTO inventory VALUES (?, ?)').run('kettle', STOCK_BEFORE);
  for (const orderSn of ORDERS) db.prepare('INSERT INTO stockselldetail VALUES (?, 1, ?, ?)').run(orderSn, 'kettle', KETTLES_PER_ORDER);
  return { db, remove: () => { db.close(); fs.rmSync(dir, { recursive: true, force: true }); } };
}

export const stockOf = (db: Database.Database) =>
  (db.prepare('SELECT stocks FROM inventory WHERE goods = ?').get('kettle') as { stocks: number }).stocks;

/** Send the three stock returns of run `run`, order 2 twice. */
export async function sendReturns(run: string): Promise<void> {
  const producer = await start(new Producer({ ...connection(), topic }));
  for (const orderSn of [...ORDERS, SENT_TWICE]) {
    const body: StockReturn = { orderSn, goods: 'kettle', num: KETTLES_PER_ORDER };
    const receipt = await producer.send({ topic, keys: [orderSn], properties: new Map([['run', run]]), body: Buffer.from(JSON.stringify(body)) });
    console.log(`sent: return ${KETTLES_PER_ORDER} kettles of ${orderSn} (message id ${receipt.messageId})`);
  }
}

/**
 * Receive run `run`'s stock returns until `expected` deliveries have been handled or 40 s passed.
 * `apply` does the work; then the consumer acknowledges, except the first delivery of
 * CRASHES_BEFORE_ACK, where it "crashes": no ack, and the broker delivers it again after the
 * invisible duration.
 */
export async function consumeReturns(run: string, expected: number, apply: (message: MessageView, stockReturn: StockReturn) => void): Promise<void> {
  const consumer = await start(new SimpleConsumer({
    ...connection(),
    consumerGroup: 'inventory-stock-returns',
    subscriptions: new Map([[topic, FilterExpression.SUB_ALL]]),
    awaitDuration: 3000,
  }));
  let handled = 0;
  let crashed = false;
  const deadline = Date.now() + 40_000;
  while (handled < expected && Date.now() < deadline) {
    // 10 s is the shortest invisible duration the proxy accepts: a crashed delivery comes back after that.
    for (const message of await consumer.receive(16, 10_000)) {
      if (message.properties.get('run') !== run) {
        await consumer.ack(message);
        continue;
      }
      const stockReturn = JSON.parse(message.body.toString()) as StockReturn;
      apply(message, stockReturn);
      handled++;
      if (stockReturn.orderSn === CRASHES_BEFORE_ACK && !crashed) {
        crashed = true;
        console.log(`  ${stockReturn.orderSn}: the consumer crashes before ack(); the broker will deliver it again`);
        continue;
      }
      await consumer.ack(message);
    }
  }
}
