// Order: every order goes created → paid → shipped → delivered, sent one after another. On a
// normal topic the broker spreads messages over the topic's queues (4 here) and a consumer
// reads the queues in no particular order. On a FIFO topic, the proxy puts every message of one
// message group (here: the order id) in the same queue, and an orderly group reads each queue
// in the order it was written.
import { FilterExpression, Producer, SimpleConsumer } from 'rocketmq-client-nodejs';
import { connection, finish, runId, sleep, start } from '../../lib/workbook.ts';

const ORDERS = 5;
const steps = ['created', 'paid', 'shipped', 'delivered'];
// A group keeps its offset between runs: count only this run's messages, skip the rest.
const run = runId();

async function sendAndReceive(topic: string, group: string, fifo: boolean) {
  const consumer = await start(new SimpleConsumer({
    ...connection(),
    consumerGroup: group, // a FIFO topic needs an orderly group (see rocketmq/topics.json)
    subscriptions: new Map([[topic, FilterExpression.SUB_ALL]]),
    awaitDuration: 3000,
  }));
  const seen = new Map<number, string[]>();
  let count = 0;
  const receiving = (async () => {
    const deadline = Date.now() + 20_000;
    while (count < ORDERS * steps.length && Date.now() < deadline) {
      for (const message of await consumer.receive(16, 15_000)) {
        if (message.properties.get('run') === run) {
          const order = Number(message.properties.get('order'));
          seen.set(order, [...(seen.get(order) ?? []), message.tag ?? '?']);
          count++;
        }
        // On a FIFO topic the broker hands out the next batch of a queue only once every message
        // of this batch is acknowledged (or its invisible time has run out).
        await consumer.ack(message);
      }
    }
  })();
  await sleep(1000); // the consumer's first long poll is open

  const producer = await start(new Producer({ ...connection(), topic }));
  for (let order = 1; order <= ORDERS; order++) {
    for (const step of steps) {
      await producer.send({
        topic,
        tag: step,
        properties: new Map([['run', run], ['order', String(order)]]),
        // Only on a FIFO topic: messages of one group keep their order.
        ...(fifo ? { messageGroup: `order-${order}` } : {}),
        body: Buffer.from(step),
      });
    }
  }
  await receiving;

  let outOfOrder = 0;
  for (const [order, got] of [...seen].sort(([a], [b]) => a - b)) {
    const inOrder = got.join() === steps.join();
    if (!inOrder) outOfOrder++;
    console.log(`  order #${order}: ${got.join(' → ')}${inOrder ? '' : '   ← out of order'}`);
  }
  return { outOfOrder, received: count };
}

console.log('normal topic "order-status":');
const normal = await sendAndReceive('order-status', 'order-tracker', false);
console.log('FIFO topic "order-status-fifo", message group = order id:');
const fifo = await sendAndReceive('order-status-fifo', 'order-tracker-fifo', true);

console.log();
console.log(`normal topic: ${normal.outOfOrder} of ${ORDERS} orders arrived out of order (${normal.received} events received)`);
console.log(`FIFO topic: ${fifo.outOfOrder} of ${ORDERS} orders arrived out of order (${fifo.received} events received)`);

await finish();
