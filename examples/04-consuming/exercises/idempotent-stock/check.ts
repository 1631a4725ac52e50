// @timeout 170s
// Check for "idempotent stock". The check owns the database and sends the messages itself:
// returns for SN-1 … SN-4, SN-2 a second time (a resend, with a new message id). It runs the
// program twice, like a service that crashes and is restarted:
//   1. the program crashes right after returning SN-3's stock, before acknowledging it;
//   2. it starts again and receives the rest, SN-3 among them (the broker delivers it again).
// Then it reads the database and asks the broker, through the program's own consumer group,
// whether any message was left unacknowledged.
import Database from 'better-sqlite3';
import { FilterExpression, Producer, SimpleConsumer } from 'rocketmq-client-nodejs';
import { report, runUnderTest } from '../../../lib/exercise.ts';
import { connection, runId, sleep, start } from '../../../lib/workbook.ts';
import { createInventory, kettlesInStock, KETTLES_PER_ORDER, ORDERS, STOCK_BEFORE } from './inventory-db.ts';

const exercise = '04-consuming/exercises/idempotent-stock';
const topic = 'exercise-stock-returns';
const run = runId();
const dbFile = createInventory();
const CRASH_AT = 'SN-3';

// 1. The program, told to crash after SN-3; the messages go out once it is waiting.
let ready = false;
const firstRun = runUnderTest(exercise, {
  runId: run, timeoutMs: 50_000,
  env: { EXERCISE_DB: dbFile, EXERCISE_CRASH: CRASH_AT, EXERCISE_RECEIVE_MS: '15000' },
  onStdout: (text) => void (ready ||= text.includes('waiting for stock returns')),
});
const readyBy = Date.now() + 30_000;
while (!ready && Date.now() < readyBy) await sleep(100);
await sleep(1000); // its first long poll is open
const producer = await start(new Producer({ ...connection(), topic }));
for (const orderSn of [...ORDERS, 'SN-2']) {
  await producer.send({ topic, keys: [orderSn], properties: new Map([['run', run]]),
    body: Buffer.from(JSON.stringify({ orderSn, goods: 'kettle', num: KETTLES_PER_ORDER })) });
}
const first = await firstRun;

// 2. Restarted: long enough for the redelivery (10 s invisible duration, then the next poll).
const second = await runUnderTest(exercise, { runId: run, timeoutMs: 80_000, env: { EXERCISE_DB: dbFile, EXERCISE_RECEIVE_MS: '20000' } });

// The database: every order returned once.
const db = new Database(dbFile, { readonly: true });
const stock = kettlesInStock(db);
const expected = STOCK_BEFORE + ORDERS.length * KETTLES_PER_ORDER;
const notReturned = (db.prepare('SELECT order_sn FROM stockselldetail WHERE status <> 2').all() as { order_sn: string }[]).map((row) => row.order_sn);
db.close();

// The broker: anything of this run still waiting for an ack in the program's group comes back
// within the 10 s invisible duration the program asked for.
const audit = await start(new SimpleConsumer({
  ...connection(),
  consumerGroup: 'exercise-inventory',
  subscriptions: new Map([[topic, FilterExpression.SUB_ALL]]),
  awaitDuration: 3000,
}));
let unacknowledged = 0;
const auditUntil = Date.now() + 12_000;
while (Date.now() < auditUntil) {
  for (const message of await audit.receive(16, 10_000)) {
    if (message.properties.get('run') === run) unacknowledged++;
    await audit.ack(message);
  }
}

await report([
  { what: `the first run crashed after returning ${CRASH_AT}, as the check asked`, ok: first.exitCode === 1 && first.stdout.includes(CRASH_AT),
    fix: `it exited with code ${first.exitCode}: keep the line with EXERCISE_CRASH, right after returnStock() and before ack()` },
  { what: 'the program ran to the end, after its restart', ok: second.exitCode === 0 && !second.timedOut,
    fix: second.timedOut ? 'it did not finish in time' : `it exited with code ${second.exitCode}; see its output above` },
  { what: `kettles in stock: ${expected} (${STOCK_BEFORE} + ${ORDERS.length} orders × ${KETTLES_PER_ORDER})`, ok: stock === expected,
    fix: `the database says ${stock}: ${stock > expected ? 'a resent or redelivered return was applied again; remember which orders are returned, in the database, in the same transaction' : 'some returns were never applied'}` },
  { what: 'every order is marked returned (stockselldetail status 2)', ok: notReturned.length === 0,
    fix: `still status 1: ${notReturned.join(', ')}; set status = 2 when you put an order's stock back` },
  { what: 'every message was acknowledged', ok: unacknowledged === 0,
    fix: `${unacknowledged} came back to the group exercise-inventory: ack() each message once it is handled, duplicates too` },
]);
