/**
 * The inventory service: its own process, its own database (INVENTORY_DB), HTTP on INVENTORY_PORT,
 * and the AutoReback consumer on order_reback. Everything it knows is in the database, so a
 * restarted service carries on where the last one stopped.
 */
import os from 'node:os';
import path from 'node:path';
import { describeTarget, openDb } from '../db.ts';
import { faultPoint, faultRoutes } from '../faults.ts';
import { HttpError, input, serve } from '../http.ts';
import { consume, markOrder, REBACK_TOPIC, shop, type RebackBody } from '../messaging.ts';
import { finish } from '../../../lib/workbook.ts';
import { autoReback } from './auto-reback.ts';
import { sell, setInv } from './sell.ts';
import { createTables, type GoodsNum } from './tables.ts';

const config = {
  database: process.env.INVENTORY_DB || path.join(os.tmpdir(), 'capstone-inventory.db'),
  port: Number(process.env.INVENTORY_PORT ?? 7102),
};

/** Start the service. An exercise passes its own `autoReback` to run the service with it. */
export async function runInventoryService(replace: { autoReback?: typeof autoReback } = {}): Promise<void> {
  const reback = replace.autoReback ?? autoReback;
  const db = openDb(config.database);
  await createTables(db);
  console.log(`starting: tables ready at ${process.uptime().toFixed(1)} s`);
  // Stopped by its shop (SIGTERM): shut the clients down, which tells the broker this producer is
  // gone. A killed producer stays on the broker's list until its channel expires (120 s,
  // ProducerManager.CHANNEL_EXPIRED_TIMEOUT), and meanwhile gets, and loses, its share of the
  // check-backs the broker spreads over the topic's producers.
  process.once('SIGTERM', () => void finish());

  await consume(REBACK_TOPIC, 'inventory-reback', async (message) => {
    let body: RebackBody;
    try {
      body = JSON.parse(message.body.toString());
      input.text(body.order_sn, 'order_sn');
    } catch {
      console.log(`a message on ${REBACK_TOPIC} that is not a reback (${message.messageId}): acknowledged and dropped`);
      return; // it can never succeed: retrying would only fill the dead-letter queue
    }
    markOrder('broker', 'delivers reback', body.order_sn, `delivery ${message.deliveryAttempt ?? 1}`);
    const outcome = await reback(db, body.order_sn);
    markOrder('inventory-service', `AutoReback: ${outcome}`, body.order_sn);
    console.log(`AutoReback ${body.order_sn}: ${outcome} (delivery ${message.deliveryAttempt ?? 1})`);
    await faultPoint('inventory.reback.after-commit', body.order_sn);
  });
  console.log(`starting: reback consumer started at ${process.uptime().toFixed(1)} s`);

  const server = await serve(config.port, {
    'GET /health': async () => ({ service: 'inventory', shop }),
    'GET /inventory': async () => db.query('SELECT goods, stocks FROM inventory ORDER BY goods'),
    'POST /setinv': async (body) => setInv(db, input.positiveInt(body.goods, 'goods'), nonNegative(body.stocks, 'stocks')),
    'POST /sell': async (body) => {
      const orderSn = input.text(body.order_sn, 'order_sn', 64);
      const goods = goodsList(body.goods);
      markOrder('inventory-service', 'Sell', orderSn, goods.map((g) => `${g.num} × #${g.goods}`).join(', '));
      try {
        const result = await sell(db, orderSn, goods);
        console.log(`Sell ${orderSn}: deducted ${goods.map((g) => `${g.num} × goods ${g.goods}`).join(', ')}`);
        await faultPoint('inventory.sell.after-commit', orderSn);
        return result;
      } catch (error) {
        console.log(`Sell ${orderSn}: refused, ${(error as Error).message}`);
        throw error;
      }
    },
    ...faultRoutes(),
  });
  console.log(`ready: inventory service on http://127.0.0.1:${server.port} (shop ${shop}, database ${describeTarget(config.database)})`);
}

/** `[{ goods, num }, ...]`: not empty, positive integers, each goods once. */
function goodsList(value: unknown): GoodsNum[] {
  if (!Array.isArray(value) || value.length === 0) throw new HttpError(400, 'goods must be a non-empty list of { goods, num }');
  const list = value.map((item: { goods?: unknown; num?: unknown }) => ({
    goods: input.positiveInt(item?.goods, 'goods'),
    num: input.positiveInt(item?.num, 'num'),
  }));
  if (new Set(list.map((item) => item.goods)).size !== list.length) throw new HttpError(400, 'each goods may appear once per order');
  return list;
}

function nonNegative(value: unknown, name: string): number {
  if (!Number.isInteger(value) || (value as number) < 0) throw new HttpError(400, `${name} must be an integer ≥ 0 (got ${JSON.stringify(value)})`);
  return value as number;
}
