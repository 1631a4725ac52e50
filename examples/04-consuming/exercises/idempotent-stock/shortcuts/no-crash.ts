// Shortcut (must fail the check): deduplicates in memory and deletes the crash line, so there is no
// restart for the Set to forget, and the database comes out right. The check notices that the
// program did not crash when asked.
// Caught by: ✗ the first run crashed after returning SN-3, as the check asked
// @timeout 60s
// Exercise "idempotent stock": the inventory service puts the stock of a cancelled order back
// when a "return the stock of order SN-…" message arrives (the article's order_reback). Such a
// message can come twice: the order service resends it after a timeout (a new message id), or
// the consumer crashes after the work and before the ack (the same message again). Make
// returnStock() idempotent: each order's stock goes back once, however often its message comes.
import Database from 'better-sqlite3';
import { FilterExpression, Producer, SimpleConsumer } from 'rocketmq-client-nodejs';
import { connection, finish, runId, start } from '../../../../lib/workbook.ts';
import { createInventory, kettlesInStock, KETTLES_PER_ORDER, ORDERS } from '../inventory-db.ts';

const topic = 'exercise-stock-returns';
// The check gives every run an id and a database, and sends the messages. Don't change these lines.
const run = process.env.EXERCISE_RUN_ID ?? runId();
const db = new Database(process.env.EXERCISE_DB ?? createInventory());
const RECEIVE_MS = Number(process.env.EXERCISE_RECEIVE_MS ?? 15_000);

// Remembers returned orders in memory: right until the process crashes.
const returned = new Set<string>();
function returnStock(orderSn: string, goods: string, num: number): boolean {
  if (returned.has(orderSn)) return false;
  returned.add(orderSn);
  db.prepare('UPDATE stockselldetail SET status = 2 WHERE order_sn = ?').run(orderSn);
  db.prepare('UPDATE inventory SET stocks = stocks + ? WHERE goods = ?').run(num, goods);
  return true;
}

const consumer = await start(new SimpleConsumer({
  ...connection(),
  consumerGroup: 'exercise-inventory',
  subscriptions: new Map([[topic, FilterExpression.SUB_ALL]]),
  awaitDuration: 3000,
}));
const receiving = (async () => {
  const deadline = Date.now() + RECEIVE_MS;
  while (Date.now() < deadline) {
    for (const message of await consumer.receive(16, 10_000)) {
      if (message.properties.get('run') !== run) {
        await consumer.ack(message);
        continue;
      }
      const { orderSn, goods, num } = JSON.parse(message.body.toString()) as { orderSn: string; goods: string; num: number };
      const applied = returnStock(orderSn, goods, num);
      console.log(`${orderSn}: ${applied ? `+${num}` : 'already returned'} (delivery ${message.deliveryAttempt})`);
      await consumer.ack(message);
    }
  }
})();
console.log(`waiting for stock returns on ${topic}`);

// Run on its own (no check), the program sends the returns itself, one of them twice.
if (!process.env.EXERCISE_RUN_ID) {
  const producer = await start(new Producer({ ...connection(), topic }));
  for (const orderSn of [...ORDERS, ORDERS[1]]) {
    await producer.send({ topic, properties: new Map([['run', run]]), body: Buffer.from(JSON.stringify({ orderSn, goods: 'kettle', num: KETTLES_PER_ORDER })) });
  }
}
await receiving;
console.log(`kettles in stock: ${kettlesInStock(db)}`);
await finish();
