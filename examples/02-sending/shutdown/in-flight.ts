// @timeout 60s
// Shutting down while sends are in flight. The article warns about it for SendAsync: close the
// producer only after every callback has run. This client's shutdown() does not wait for sends
// either. Here an order service sends 100 orders, 16 at a time, and is told to stop (a deploy,
// Ctrl+C) after the first 20 are stored. First it shuts down at once; then it stops in order.
import { Producer } from 'rocketmq-client-nodejs';
import { connection, finish, start } from '../../lib/workbook.ts';

const ORDERS = 100;
const IN_FLIGHT = 16;
const STOP_AFTER = 20;
const topic = 'sending';

async function orderService(stopping: 'shutdown at once' | 'stop in order') {
  const producer = await start(new Producer({ ...connection(), topic }));
  const queue = Array.from({ length: ORDERS }, (_, i) => i + 1);
  let acceptingWork = true;
  let stored = 0;
  const failures = new Map<string, number>();
  let stopRequested!: () => void;
  const stopSignal = new Promise<void>((resolve) => { stopRequested = resolve; });

  async function worker() {
    while (acceptingWork && queue.length) {
      const id = queue.shift()!;
      try {
        await producer.send({ topic, tag: 'shutdown', body: Buffer.from(`order #${id}`) });
        if (++stored === STOP_AFTER) stopRequested();
      } catch (error) {
        const reason = (error as Error).message.split('\n')[0].replace(/^(.{90}).+/, '$1…');
        failures.set(reason, (failures.get(reason) ?? 0) + 1);
      }
    }
  }
  const workers = Array.from({ length: IN_FLIGHT }, worker);
  await stopSignal;

  if (stopping === 'shutdown at once') {
    await producer.shutdown(); // the workers are still sending
    await Promise.allSettled(workers);
  } else {
    acceptingWork = false; // 1. take no new work
    await Promise.allSettled(workers); // 2. let every send in flight end, stored or failed
    await producer.shutdown(); // 3. then close the producer
  }
  const failed = [...failures.values()].reduce((a, b) => a + b, 0);
  console.log(`${stopping}: ${stored} stored, ${failed} failed, ${queue.length} never sent (still in the service's queue)`);
  for (const [reason, count] of failures) console.log(`  ${count} × ${reason}`);
  return { stored, failed, unsent: queue.length };
}

const atOnce = await orderService('shutdown at once');
const inOrder = await orderService('stop in order');
console.log();
console.log(`summary: shutting down at once failed ${atOnce.failed} sends; stopping in order failed ${inOrder.failed} ` +
  `and kept ${inOrder.unsent} orders to send later`);

await finish();
