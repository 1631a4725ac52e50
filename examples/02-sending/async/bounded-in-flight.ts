// @timeout 60s
// Async sending: start many sends without waiting for each one, and collect the outcomes later.
// The Go client's SendAsync takes a callback; here send() returns a Promise, and the callback is
// .then/.catch or a later await. Keep a bound on how many sends are in flight: each one holds
// its message in memory and a slot on the connection until the broker answers.
import { Producer } from 'rocketmq-client-nodejs';
import { connection, finish, runId, start } from '../../lib/workbook.ts';

const MESSAGES = 200;
// Edit me: 1 is sync sending again; 200 puts every message in flight at once.
const MAX_IN_FLIGHT = 16;
const topic = 'sending';
const run = runId();

const producer = await start(new Producer({ ...connection(), topic }));

let inFlight = 0;
let mostInFlight = 0;

/** Send one order, counting how many sends are in flight. Never throws: the outcome says what happened. */
async function sendOrder(id: number) {
  inFlight++;
  mostInFlight = Math.max(mostInFlight, inFlight);
  try {
    const receipt = await producer.send({
      topic, tag: 'async', keys: [`order-${run}-${id}`], body: Buffer.from(`order #${id}`),
    });
    return { id, ok: true as const, messageId: receipt.messageId };
  } catch (error) {
    return { id, ok: false as const, error: (error as Error).message.split('\n')[0] };
  } finally {
    inFlight--;
  }
}

// MAX_IN_FLIGHT workers share one list of orders: each takes the next order when its last send
// is done, so at most MAX_IN_FLIGHT sends are ever waiting for the broker.
const began = performance.now();
const orders = Array.from({ length: MESSAGES }, (_, i) => i + 1);
const outcomes: Awaited<ReturnType<typeof sendOrder>>[] = [];
async function worker() {
  for (let id = orders.shift(); id !== undefined; id = orders.shift()) outcomes.push(await sendOrder(id));
}
// allSettled, not all: Promise.all gives up at the first rejection while the other sends go on,
// and you never learn how they ended. (sendOrder never rejects, so here the two behave alike.)
await Promise.allSettled(Array.from({ length: MAX_IN_FLIGHT }, worker));
const seconds = (performance.now() - began) / 1000;

const failed = outcomes.filter((outcome) => !outcome.ok);
for (const outcome of failed.slice(0, 5)) if (!outcome.ok) console.log(`order #${outcome.id} FAILED: ${outcome.error}`);
console.log(`sent ${MESSAGES} orders in ${seconds.toFixed(2)} s (${Math.round(MESSAGES / seconds)} per second)`);
console.log(`summary: ${MESSAGES} sends, ${outcomes.length - failed.length} stored, ${failed.length} failed, at most ${mostInFlight} in flight (limit ${MAX_IN_FLIGHT})`);

await finish();
