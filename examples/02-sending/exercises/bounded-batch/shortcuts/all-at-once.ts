// Shortcut (must fail the check): skips the bound. Every order is stored and the summary is right,
// but all 120 sends are in flight at once.
// Caught by: ✗ at most 8 sends in flight, and more than one
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

// Waits for every send, but all 120 are in flight at once: no bound.
await Promise.allSettled(Array.from({ length: ORDERS }, (_, i) => sendOrder(i + 1)));

// Don't change the lines below: the check reads what they print.
console.log(`summary: ${stored} stored, ${failed} failed`);
await finish();
