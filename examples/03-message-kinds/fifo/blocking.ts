// @timeout 120s
// What one failure does to a FIFO consumer. Four customers' messages are waiting on a FIFO topic;
// the consumer fails bob's second message once, asking for it again in 5 s. Until then the broker
// hands out nothing more from the queue bob's group lives in: bob waits, and so does every group
// that shares his queue. Run on a topic with 4 queues, then on the one with a single queue.
import { FilterExpression, Producer, SimpleConsumer, type MessageView } from 'rocketmq-client-nodejs';
import { mark } from '../../lib/timeline.ts';
import { connection, finish, runId, start } from '../../lib/workbook.ts';

const CUSTOMERS = ['alice', 'bob', 'carol', 'dave'];
const PER_CUSTOMER = 4;
const FAILING = 'bob #2';
const RETRY_AFTER_MS = 5000;
const run = runId();

async function failOnce(topic: string, group: string, label: string) {
  const consumer = await start(new SimpleConsumer({
    ...connection(), consumerGroup: group, awaitDuration: 3000,
    subscriptions: new Map([[topic, FilterExpression.SUB_ALL]]),
  }));
  const delivered: { name: string; at: number }[] = [];
  let failedAt = 0;
  let retriedAt = 0;
  /** Handle one received message: fail bob #2 the first time, finish (ack) everything else. */
  async function handle([message]: MessageView[]) {
    if (!message) return;
    if (message.properties.get('run') !== run || message.properties.get('label') !== label) {
      await consumer.ack(message);
      return;
    }
    const name = message.body.toString();
    const customer = name.split(' ')[0];
    if (name === FAILING && !failedAt) {
      failedAt = performance.now();
      mark(customer, 'failed', { id: name, detail: `${label}: visible again in ${RETRY_AFTER_MS / 1000} s` });
      console.log(`  ${name} failed: the consumer asks for it again in ${RETRY_AFTER_MS / 1000} s`);
      // A nack with a delay: the message becomes visible again after RETRY_AFTER_MS.
      await consumer.changeInvisibleDuration(message, RETRY_AFTER_MS);
      return;
    }
    if (name === FAILING) retriedAt = performance.now();
    delivered.push({ name, at: performance.now() });
    const detail = `${label}, delivery ${message.deliveryAttempt}`;
    mark(customer, name === FAILING ? 'redelivered' : 'done', { id: name, detail });
    await consumer.ack(message);
  }
  const firstReceive = consumer.receive(1, 15_000).then(handle); // fixes where the group starts reading

  const producer = await start(new Producer({ ...connection(), topic }));
  for (let n = 1; n <= PER_CUSTOMER; n++) {
    for (const customer of CUSTOMERS) {
      await producer.send({
        topic, messageGroup: customer, body: Buffer.from(`${customer} #${n}`),
        properties: new Map([['run', run], ['label', label]]),
      });
    }
  }
  mark('producer', 'sent all', { detail: `${label}: ${CUSTOMERS.length * PER_CUSTOMER} messages` });

  // One message per receive: the consumer finishes (acks) or fails each before asking for more.
  await firstReceive;
  while (delivered.length < CUSTOMERS.length * PER_CUSTOMER) await handle(await consumer.receive(1, 15_000));

  // Which customers finished while bob's message was waiting, and which waited with him?
  const waited = CUSTOMERS.filter((c) => delivered.some((d) => d.name.startsWith(`${c} `) && d.at >= retriedAt));
  const finished = CUSTOMERS.filter((c) => !waited.includes(c));
  console.log(`  order of delivery: ${delivered.map((d) => d.name).join(', ')}`);
  console.log(`${label}: bob's #2 was redelivered ${((retriedAt - failedAt) / 1000).toFixed(1)} s after it failed; ` +
    `waited for it: ${waited.join(', ')}; finished meanwhile: ${finished.join(', ') || 'nobody'}`);
}

console.log('FIFO topic with 4 queues (kinds-fifo):');
await failOnce('kinds-fifo', 'kinds-blocking-reader', '4 queues');
console.log('FIFO topic with 1 queue (kinds-fifo-global):');
await failOnce('kinds-fifo-global', 'kinds-blocking-global-reader', '1 queue');

await finish();
