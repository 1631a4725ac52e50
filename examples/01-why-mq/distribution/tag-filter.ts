// Tags are a message's second label, after the topic. A consumer group can subscribe to some
// tags only, and the broker does the filtering: the other messages never leave it.
import { FilterExpression, Producer, SimpleConsumer } from 'rocketmq-client-nodejs';
import { connection, finish, runId, sleep, start } from '../../lib/workbook.ts';

const topic = 'order-events';
// A group keeps its offset between runs: count only this run's messages, skip the rest.
const run = runId();

// Which tags each group asks for. "||" means or; "*" means every tag.
const subscriptions = {
  'shipping': 'paid',
  'refund-desk': 'refunded||cancelled',
  'audit-log': '*',
};

// What happened to five orders, in order. The tag is the kind of event.
const events = [
  ['created', 1], ['created', 2], ['paid', 1], ['created', 3], ['paid', 2], ['cancelled', 3],
  ['created', 4], ['paid', 4], ['refunded', 2], ['created', 5], ['paid', 5], ['refunded', 4],
] as const;

const received: Record<string, string[]> = {};
let running = true;
const loops = Object.entries(subscriptions).map(async ([group, tags]) => {
  received[group] = [];
  const consumer = await start(new SimpleConsumer({
    ...connection(),
    consumerGroup: group,
    // The filter travels with every receive request; the broker applies it.
    subscriptions: new Map([[topic, new FilterExpression(tags)]]),
    awaitDuration: 3000,
  }));
  while (running) {
    for (const message of await consumer.receive(16, 15_000)) {
      if (message.properties.get('run') === run) received[group].push(`${message.tag} #${message.body}`);
      await consumer.ack(message);
    }
  }
});
await sleep(1500); // let the consumers open their first long poll

const producer = await start(new Producer({ ...connection(), topic }));
for (const [tag, order] of events) {
  await producer.send({ topic, tag, properties: new Map([['run', run]]), body: Buffer.from(String(order)) });
}
const sentByTag = (tags: string) => events.filter(([tag]) => tags === '*' || tags.split('||').includes(tag)).length;
console.log(`sent ${events.length} events to ${topic}: ${events.map(([tag, order]) => `${tag} #${order}`).join(', ')}`);

// Wait until each group has what its filter lets through (or 15 s have passed).
const deadline = Date.now() + 15_000;
const complete = () => Object.entries(subscriptions).every(([group, tags]) => received[group].length >= sentByTag(tags));
while (!complete() && Date.now() < deadline) await sleep(100);
running = false;
await Promise.all(loops);

console.log();
for (const [group, tags] of Object.entries(subscriptions)) {
  console.log(`group ${group} (subscribes "${tags}"): received ${received[group].length} of ${sentByTag(tags)} matching, ` +
    `${events.length - sentByTag(tags)} filtered out by the broker`);
  console.log(`  ${received[group].sort().join(', ')}`);
}

await finish();
