// Exercise "absorb the burst": a flash sale brings 300 orders at once. The warehouse handles
// one order at a time, 10 ms each, and holds at most 20 callers while busy: called directly,
// it turns most of the burst away. Put the topic exercise-backlog in between, so every order
// is accepted and the warehouse works through them at its own pace.
import { FilterExpression, Producer, SimpleConsumer } from 'rocketmq-client-nodejs';
import { connection, finish, runId, sleep, start } from '../../../lib/workbook.ts';

const topic = 'exercise-backlog';
const BURST = 300;
// The check gives every run an id, and counts only messages that carry it. Don't change this line.
const run = process.env.EXERCISE_RUN_ID ?? runId();

// The warehouse: the slow part you cannot change. Don't change it.
const handled: number[] = [];
let waiting = 0;
let line = Promise.resolve();
function warehouseHandle(order: number): Promise<void> {
  if (waiting >= 20) return Promise.reject(new Error('503 warehouse busy'));
  waiting++;
  line = line.then(() => sleep(10)).then(() => { waiting--; handled.push(order); });
  return line;
}

const producer = await start(new Producer({ ...connection(), topic }));
const worker = await start(new SimpleConsumer({
  ...connection(),
  consumerGroup: 'exercise-backlog-warehouse',
  subscriptions: new Map([[topic, FilterExpression.SUB_ALL]]),
  awaitDuration: 3000,
}));

/** The order service takes one order from a customer. It succeeds when the order is safe. */
async function placeOrder(order: number): Promise<void> {
  // TODO: don't call the warehouse here. Publish the order to the topic (with the run id in a
  // property named "run") and return: the customer only needs to know the order is stored.
  await warehouseHandle(order);
}

/** The warehouse worker feeds the warehouse from the topic, one order at a time. */
async function runWorker(): Promise<void> {
  // TODO: until all BURST orders are handled (or 30 s have passed): receive orders from the
  // topic, hand each order of this run to warehouseHandle(), one at a time, and ack every message.
}

// Don't change the lines below: the check reads what they print.
const working = runWorker();
await sleep(1000); // the worker's first long poll is open
const orders = Array.from({ length: BURST }, (_, i) => i + 1);
const results = await Promise.allSettled(orders.map(placeOrder));
const rejected = results.filter((result) => result.status === 'rejected').length;
console.log(`accepted ${BURST - rejected} of ${BURST} orders, rejected ${rejected}`);
await working;
console.log(`warehouse handled ${handled.length} orders (${new Set(handled).size} different)`);

await finish();
