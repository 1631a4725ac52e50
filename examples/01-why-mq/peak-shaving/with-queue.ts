// @timeout 60s
// A flash sale: thousands of "buy" requests arrive in about a second. The order service only
// publishes them to a topic; a warehouse worker that can handle a fixed number of orders per
// second works through the backlog at its own pace. The page charts produced, consumed and
// backlog from the `sample` events this script emits.
import { FilterExpression, Producer, SimpleConsumer } from 'rocketmq-client-nodejs';
import { connection, emit, finish, runId, sleep, start } from '../../lib/workbook.ts';

const BURST = 2000; // requests in the flash sale
const BURST_SECONDS = 1; // ...arriving over about this long
const WORKER_RATE = 250; // orders per second the warehouse worker can handle

const topic = 'flash-sale';
// The tag carries this run's id, and the worker subscribes to that tag only: the broker filters
// on its side, so leftovers of an earlier run that was stopped halfway never reach this worker.
const run = runId();
const tag = `sale-${run}`;

const producer = await start(new Producer({ ...connection(), topic }));
const worker = await start(new SimpleConsumer({
  ...connection(),
  consumerGroup: 'flash-sale-warehouse',
  subscriptions: new Map([[topic, new FilterExpression(tag)]]),
  awaitDuration: 3000,
}));

let produced = 0; // the broker confirmed it stored the request
let rejected = 0; // the send failed (none expected)
let consumed = 0; // the worker has handled it
let burstOver = false;
const startedAt = Date.now();
const seconds = () => (Date.now() - startedAt) / 1000;

// Every 250 ms a sample for the chart; every second a line for the reader.
let peakBacklog = 0;
let samples = 0;
function sample() {
  const backlog = produced - consumed;
  peakBacklog = Math.max(peakBacklog, backlog);
  emit({ kind: 'sample', t: Number(seconds().toFixed(2)), produced, consumed, backlog });
  if (samples++ % 4 === 0) {
    console.log(`t=${seconds().toFixed(1).padStart(4)}s  produced ${String(produced).padStart(4)}  ` +
      `consumed ${String(consumed).padStart(4)}  backlog ${String(backlog).padStart(4)}`);
  }
}
sample();
const sampler = setInterval(sample, 250);

// The worker: receive a batch of orders, handle them at WORKER_RATE, acknowledge them.
let workStartedAt = 0;
let lastBatchDoneAt = 0;
async function work() {
  const acks: Promise<void>[] = [];
  while (!burstOver || consumed < produced) {
    const batch = await worker.receive(32, 30_000);
    if (batch.length > 0 && !workStartedAt) workStartedAt = Date.now();
    // Handling takes 1000 / WORKER_RATE ms per order (a database, a payment gateway…):
    // a batch of 32 keeps the worker busy for 128 ms at 250 orders/s.
    await sleep((batch.length * 1000) / WORKER_RATE);
    consumed += batch.length;
    lastBatchDoneAt = Date.now();
    // The acks tell the broker these orders are done. They travel while the next batch is
    // handled; an order whose ack never arrives is handed out again after 30 s (the invisible time).
    for (const message of batch) acks.push(worker.ack(message).catch((error) => console.log(`ack failed: ${error.message}`)));
  }
  await Promise.all(acks);
}
const working = work();

// The burst: customer n presses "buy" at n / BURST × BURST_SECONDS. For each, the order service
// sends one message and answers the customer as soon as the broker has stored it. Like a
// connection pool, it keeps at most 64 sends in flight.
let next = 0;
async function sender() {
  for (let n = next++; n < BURST; n = next++) {
    await sleep(startedAt + (n / BURST) * BURST_SECONDS * 1000 - Date.now()); // not pressed yet
    try {
      await producer.send({ topic, tag, body: Buffer.from(JSON.stringify({ item: 'limited sneaker', n })) });
      produced++;
    } catch {
      rejected++;
    }
  }
}
await Promise.all(Array.from({ length: 64 }, sender));
burstOver = true;
console.log(`burst: ${produced} requests stored by the broker in ${seconds().toFixed(1)} s, ${rejected} rejected`);
// Where the worker was when the last request arrived: orders handled, and when its last batch ended.
const atBurstEnd = { consumed, batchDoneAt: lastBatchDoneAt };

await working;
clearInterval(sampler);
const drainedAt = seconds();
sample();
// The worker's pace while the burst arrived, and after it (each window holds whole batches only).
const duringBurst = { orders: atBurstEnd.consumed, ms: atBurstEnd.batchDoneAt - workStartedAt };
const afterStart = atBurstEnd.consumed > 0 ? atBurstEnd.batchDoneAt : workStartedAt;
const afterBurst = { orders: consumed - atBurstEnd.consumed, ms: lastBatchDoneAt - afterStart };

console.log();
console.log(`summary: burst ${BURST}, accepted ${produced}, rejected ${rejected}, ` +
  `peak backlog ${peakBacklog}, drained in ${drainedAt.toFixed(1)} s, final backlog ${produced - consumed}`);
const perSecond = ({ orders, ms }: { orders: number; ms: number }) => (orders > 0 && ms > 0 ? (orders / (ms / 1000)).toFixed(0) : '-');
console.log(`the worker handled ${consumed} orders: ${duringBurst.orders} while the burst arrived ` +
  `(${perSecond(duringBurst)} per second), ${afterBurst.orders} after it (${perSecond(afterBurst)} per second); ` +
  `its limit: ${WORKER_RATE} per second`);

await finish();
