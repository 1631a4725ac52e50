// @timeout 60s
// A push consumer: the client pulls for you. You give it a listener; it long-polls the broker,
// calls the listener for every message, and sends the acknowledgement when the listener returns
// SUCCESS. Eight orders arrive at once, and each takes the listener half a second.
import { ConsumeResult, FilterExpression, Producer, PushConsumer } from 'rocketmq-client-nodejs';
import { watchRequests } from '../../lib/push-requests.ts';
import { connection, finish, runId, sleep, start } from '../../lib/workbook.ts';

const topic = 'consume-basics';
const ORDERS = 8;
const WORK_MS = 500; // edit me: how long the listener takes for one order
// A group keeps its offset between runs: handle only this run's orders, skip the rest.
const run = runId();

const startedAt = Date.now();
const t = () => `t=${((Date.now() - startedAt) / 1000).toFixed(1)}s`;
let inListener = 0;
let mostAtOnce = 0;
const handled = new Set<number>();
let acks = 0;

const consumer = await start(new PushConsumer({
  ...connection(),
  consumerGroup: 'basics-push',
  subscriptions: new Map([[topic, FilterExpression.SUB_ALL]]),
  messageListener: {
    // The client calls this; it never asks you to receive, acknowledge or poll.
    async consume(message) {
      if (message.properties.get('run') !== run) return ConsumeResult.SUCCESS;
      const order = Number(message.body.toString());
      inListener++;
      mostAtOnce = Math.max(mostAtOnce, inListener);
      console.log(`${t()}  listener: order #${order} starts (${inListener} in the listener now)`);
      await sleep(WORK_MS);
      inListener--;
      handled.add(order);
      return ConsumeResult.SUCCESS; // the client acknowledges it for you
    },
  },
}));
// What the client sends the broker for each message, once the listener has returned.
watchRequests(consumer, {
  ack(message) {
    if (message.properties.get('run') === run) acks++;
  },
});
await sleep(2000); // the push consumer opens its first long poll about a second after startup()

const producer = await start(new Producer({ ...connection(), topic }));
await Promise.all(Array.from({ length: ORDERS }, (_, i) =>
  producer.send({ topic, properties: new Map([['run', run]]), body: Buffer.from(String(i + 1)) })));
const sentAt = Date.now();
console.log(`${t()}  sent ${ORDERS} orders at once`);

const deadline = Date.now() + 30_000;
while ((handled.size < ORDERS || acks < ORDERS) && Date.now() < deadline) await sleep(50);
console.log();
console.log(`summary: handled ${handled.size} of ${ORDERS}, at most ${mostAtOnce} in the listener at once, ` +
  `acknowledged by the client ${acks}, all done ${((Date.now() - sentAt) / 1000).toFixed(1)} s after sending`);
// One listener call at a time would have taken ORDERS × WORK_MS.
console.log(`one at a time would take ${((ORDERS * WORK_MS) / 1000).toFixed(1)} s`);

await finish();
