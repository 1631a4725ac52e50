// @timeout 90s
// Check for "commit after the local transaction". The check creates the shop's database, runs
// the program, and reads exactly what consumers get with a consumer group of its own. For every
// message it looks the order up in the database the moment it arrives.
import Database from 'better-sqlite3';
import { FilterExpression, SimpleConsumer } from 'rocketmq-client-nodejs';
import { transactionSettings } from '../../../lib/broker-settings.ts';
import { report, runUnderTest } from '../../../lib/exercise.ts';
import { connection, runId, start } from '../../../lib/workbook.ts';
import { createShopDb, ORDERS } from './shop-db.ts';

const exercise = '05-transactions/exercises/commit-after-local';
const topic = 'exercise-tx-local';
const run = runId();
const dbFile = createShopDb();
const db = new Database(dbFile, { readonly: true });
const isSaved = (order: string) => db.prepare('SELECT 1 FROM orders WHERE id = ?').get(order) !== undefined;

const audit = await start(new SimpleConsumer({
  ...connection(),
  consumerGroup: 'exercise-tx-local-check',
  subscriptions: new Map([[topic, FilterExpression.SUB_ALL]]),
  awaitDuration: 3000,
}));
const delivered: { order: string; savedAtArrival: boolean }[] = [];
let programEnded = 0;
// Long enough after the program for any transaction it left open to be checked back and settled.
const { timeoutMs, checkIntervalMs } = transactionSettings();
const settleMs = timeoutMs + 3 * checkIntervalMs + 2000;
const auditing = (async () => {
  while (!programEnded || Date.now() - programEnded < settleMs) {
    for (const message of await audit.receive(16, 15_000)) {
      if (message.properties.get('run') === run) {
        const order = message.properties.get('order') ?? '?';
        delivered.push({ order, savedAtArrival: isSaved(order) });
      }
      await audit.ack(message);
    }
  }
})();

const program = await runUnderTest(exercise, { runId: run, timeoutMs: 45_000, env: { EXERCISE_DB: dbFile } });
programEnded = Date.now();
await auditing;

const saved = Object.keys(ORDERS).filter(isSaved);
const deliveredOrders = delivered.map((d) => d.order);
const early = delivered.filter((d) => !d.savedAtArrival && saved.includes(d.order)).map((d) => d.order);
const unsaved = deliveredOrders.filter((order) => !saved.includes(order));
db.close();
await report([
  { what: 'the program ran to the end', ok: program.exitCode === 0 && !program.timedOut,
    fix: program.timedOut ? 'it did not finish in time' : `it exited with code ${program.exitCode}; see its output above` },
  { what: 'orders 1, 2 and 4 are saved, order 3 is not (not enough kettles)', ok: saved.join() === '1,2,4',
    fix: `the database has ${saved.join(', ') || 'no orders'}: keep saveOrder() as it is` },
  { what: 'each saved order reached consumers, once', ok: saved.every((order) => deliveredOrders.filter((d) => d === order).length === 1),
    fix: `consumers got ${deliveredOrders.join(', ') || 'nothing'}: send a transactional message per order and commit it` },
  { what: 'no message reached consumers before its order was saved', ok: early.length === 0,
    fix: `order ${early.join(', ')} arrived before its row existed: commit only after the local transaction committed` },
  { what: 'the order that failed never reached consumers', ok: unsaved.length === 0,
    fix: `order ${unsaved.join(', ')} was delivered but never saved: roll back when the local transaction fails` },
]);
