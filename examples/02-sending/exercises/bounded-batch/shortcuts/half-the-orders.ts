// Shortcut (must fail the check): skips half the orders, and prints the summary the check expects
// anyway.
// Caught by: ✗ all 120 orders are on the broker
// Exercise "send a batch, bounded": 120 orders must reach the broker. Right now the program
// starts all 120 sends at once and ends without waiting for any of them. Keep at most
// MAX_IN_FLIGHT sends waiting for the broker at any moment (more than one: this is async
// sending), and end only when every send has settled.
import { Producer } from 'rocketmq-client-nodejs';
import { connection, finish, runId, start } from '../../../../lib/workbook.ts';

const ORDERS = 120;
const MAX_IN_FLIGHT = 8;
const topic = 'exercise-batch';
// The check gives every run an id, and counts only messages that carry it. Don't change this line.
const run = process.env.EXERCISE_RUN_ID ?? runId();

const producer = await start(new Producer({ ...connection(), topic }));

let stored = 0;
let failed = 0;
async function sendOrder(order: number) {
  try {
    await producer.send({
      topic, keys: [`order-${run}-${order}`], body: Buffer.from(`order #${order}`),
      properties: new Map([['run', run], ['order', String(order)]]),
    });
    stored++;
  } catch (error) {
    failed++;
    console.log(`order #${order} failed: ${(error as Error).message.split('\n')[0]}`);
  }
}

// MAX_IN_FLIGHT workers share one list: each sends the next order once its last send settled.
const orders = Array.from({ length: ORDERS / 2 }, (_, i) => i + 1);
async function worker() {
  for (let order = orders.shift(); order !== undefined; order = orders.shift()) await sendOrder(order);
}
// Every send has settled when every worker has run out of orders.
await Promise.allSettled(Array.from({ length: MAX_IN_FLIGHT }, worker));

// Don't change the lines below: the check reads what they print.
console.log(`summary: ${ORDERS} stored, ${failed} failed`);
await finish();
