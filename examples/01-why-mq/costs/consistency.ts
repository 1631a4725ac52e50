// @timeout 60s
// Consistency: "order #1 paid" goes to three services. Stock and points handle it at once;
// the coupon service fails twice (its database times out) and succeeds on the third delivery.
// In between, the system disagrees with itself.
import { FilterExpression, Producer, SimpleConsumer } from 'rocketmq-client-nodejs';
import { connection, finish, runId, sleep, start } from '../../lib/workbook.ts';

const topic = 'order-paid';
// A group keeps its offset between runs: handle only this run's message, skip the rest.
const run = runId();
const COUPON_FAILURES = 2; // edit me: how many times the coupon service fails before it works

const startedAt = Date.now();
const t = () => `t=${((Date.now() - startedAt) / 1000).toFixed(1)}s`;
const done: Record<string, boolean> = { stock: false, points: false, coupon: false };
const doneAt: Record<string, number> = {}; // when each service applied the order
const failures: Record<string, number> = { stock: 0, points: 0, coupon: 0 };

/** A service: its own group, and a handler that may throw. A failed message is retried. */
async function runService(name: string, handle: (attempt: number) => void) {
  const consumer = await start(new SimpleConsumer({
    ...connection(),
    consumerGroup: `${name}-service`,
    subscriptions: new Map([[topic, FilterExpression.SUB_ALL]]),
    awaitDuration: 3000,
  }));
  const deadline = Date.now() + 25_000;
  while (!done[name] && Date.now() < deadline) {
    for (const message of await consumer.receive(16, 15_000)) {
      if (message.properties.get('run') !== run) {
        await consumer.ack(message);
        continue;
      }
      const attempt = message.deliveryAttempt ?? 1;
      try {
        handle(attempt);
        await consumer.ack(message);
        done[name] = true;
        doneAt[name] = Date.now();
        console.log(`${t()}  ${name}: ✓ applied order #1 (delivery ${attempt})`);
      } catch (error) {
        // Not acknowledged: ask the broker to hand it out again after 1 s instead of after the
        // full invisible time (it comes back through the group's retry queue, a few seconds
        // later). RocketMQ retries the coupon service; it does not undo stock and points.
        await consumer.changeInvisibleDuration(message, 1000);
        failures[name]++;
        console.log(`${t()}  ${name}: ✗ ${(error as Error).message} (delivery ${attempt}); retry requested`);
      }
    }
  }
}

const services = [
  runService('stock', () => {}),
  runService('points', () => {}),
  runService('coupon', (attempt) => {
    if (attempt <= COUPON_FAILURES) throw new Error('coupon database timed out');
  }),
];
await sleep(1000); // every service has its first long poll open

const producer = await start(new Producer({ ...connection(), topic }));
await producer.send({ topic, tag: 'paid', properties: new Map([['run', run]]), body: Buffer.from(JSON.stringify({ order: 1 })) });
const sentAt = Date.now();
console.log(`${t()}  sent: order #1 paid`);

// Watch the system while the services work: print its state whenever it changes.
let lastState = '';
while (!Object.values(done).every(Boolean) && Date.now() - sentAt < 25_000) {
  const state = Object.entries(done).map(([name, ok]) => `${name} ${ok ? '✓' : '✗'}`).join(', ');
  if (state !== lastState && Object.values(done).some(Boolean)) console.log(`${t()}  the order is half applied: ${state}`);
  lastState = state;
  await sleep(50);
}
await Promise.all(services);
const allApplied = Object.values(done).every(Boolean);
const firstApplied = Math.min(...Object.values(doneAt));
const inconsistentFor = (allApplied ? Math.max(...Object.values(doneAt)) : Date.now()) - firstApplied;

console.log();
console.log(`summary: all applied ${allApplied ? 'yes' : 'no'}, inconsistent for ${(inconsistentFor / 1000).toFixed(1)} s, ` +
  `coupon failed ${failures.coupon} times${allApplied ? ' before it worked' : ' and the script stopped waiting'}`);
// A failure that retrying cannot fix (the coupon has expired) never becomes consistent this
// way: the other services must undo their part. Chapters 5 and 6 build that.

await finish();
