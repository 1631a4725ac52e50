// @timeout 120s
// Check for "durable checker". It runs the program twice at once, as two instances of the order
// service sharing one database: a standby instance first, then one that places four orders and
// is crashed before it commits anything. The broker's check-backs can only reach the standby.
// The check reads the topic with a consumer group of its own, and the database.
import { FilterExpression, SimpleConsumer } from 'rocketmq-client-nodejs';
import { report, runUnderTest } from '../../../lib/exercise.ts';
import { connection, runId, sleep, start } from '../../../lib/workbook.ts';
import { createOrdersDb, openOrdersDb } from '../../orders-db.ts';

const exercise = '05-transactions/exercises/durable-checker';
const topic = 'exercise-tx-orders';
const run = runId();
const dbFile = createOrdersDb();

// The audit: which orders reach consumers, and how often.
const audit = await start(new SimpleConsumer({
  ...connection(),
  consumerGroup: 'exercise-tx-orders-check',
  subscriptions: new Map([[topic, FilterExpression.SUB_ALL]]),
  awaitDuration: 3000,
}));
const delivered: string[] = [];
let programsEnded = 0;
const auditing = (async () => {
  while (!programsEnded || Date.now() - programsEnded < 4000) {
    for (const message of await audit.receive(16, 15_000)) {
      if (message.properties.get('run') === run) delivered.push(message.properties.get('order') ?? '?');
      await audit.ack(message);
    }
  }
})();

// The standby instance, up before any order exists.
let standbyReady = false;
const standby = runUnderTest(exercise, {
  runId: run, timeoutMs: 60_000,
  env: { EXERCISE_DB: dbFile, EXERCISE_ROLE: 'standby', EXERCISE_ANSWER_MS: '20000' },
  onStdout: (text) => void (standbyReady ||= text.includes('instance ready')),
});
const readyBy = Date.now() + 30_000;
while (!standbyReady && Date.now() < readyBy) await sleep(100);

// The instance that places the orders and crashes.
const placing = await runUnderTest(exercise, { runId: run, timeoutMs: 40_000, env: { EXERCISE_DB: dbFile, EXERCISE_ROLE: 'placing orders' } });
const standbyRun = await standby;
programsEnded = Date.now();
await auditing;

const orders = openOrdersDb(dbFile);
const saved = ['1', '2', '3', '4'].filter((order) => orders.hasOrder(order));
orders.close();
const deliveredOnce = (order: string) => delivered.filter((d) => d === order).length === 1;
const wrong = delivered.filter((order) => !saved.includes(order));
await report([
  { what: 'the ordering instance saved orders 1, 3 and 4, and crashed before deciding', ok: placing.exitCode === 1 && saved.join() === '1,3,4',
    fix: `it exited with code ${placing.exitCode} and saved ${saved.join(', ') || 'nothing'}: keep the lines marked "Don't change"` },
  { what: 'the program ran to the end (the standby instance)', ok: standbyRun.exitCode === 0 && !standbyRun.timedOut,
    fix: standbyRun.timedOut ? 'it did not finish in time' : `it exited with code ${standbyRun.exitCode}; see its output above` },
  { what: 'every saved order was delivered, once', ok: saved.every(deliveredOnce),
    fix: `delivered: ${delivered.join(', ') || 'nothing'}; the standby never saw these orders in memory: its checker must find them in the database` },
  { what: 'the order that was never saved was never delivered', ok: wrong.length === 0,
    fix: `order ${wrong.join(', ')} was delivered without being saved: answer ROLLBACK for orders the database does not have` },
]);
