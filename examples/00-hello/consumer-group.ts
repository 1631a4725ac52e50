// Two consumers in one group share the messages; a second group gets every message again.
import { Producer, SimpleConsumer } from 'rocketmq-client-nodejs';
import { connection, finish, runId, start } from '../lib/workbook.ts';

const topic = 'hello-groups';
const orderCount = 6;
// Every run tags its messages with its own id.
const run = runId();

// A consumer group is a name. Consumers that give the same name are one reader, split in parts.
// (The names end in the run id, and each group reads only this run's tag: runs never share a
// group, not even a whole room's runs on one broker.)
const consumerIn = (group: string) => start(new SimpleConsumer({
  ...connection(),
  consumerGroup: `${group}-${run}`,
  subscriptions: new Map([[topic, run]]),
  awaitDuration: 3000,
}));

// Two instances of the inventory service: one group, so they share the orders.
const inventoryA = await consumerIn('hello-inventory');
const inventoryB = await consumerIn('hello-inventory');
// The analytics service reads the same topic under its own group name.
const analytics = await consumerIn('hello-analytics');

/** Read until every order of this run has reached the group; return what this consumer got. */
async function readOrders(consumer: SimpleConsumer, name: string, groupSeen: Set<string>): Promise<number> {
  let mine = 0;
  const deadline = Date.now() + 20_000;
  while (groupSeen.size < orderCount && Date.now() < deadline) {
    for (const message of await consumer.receive(2, 30_000)) {
      await consumer.ack(message);
      groupSeen.add(message.keys[0]);
      mine += 1;
      console.log(`  ${name.padEnd(12)} got ${message.body.toString()}`);
    }
  }
  return mine;
}

// The services are running (each is waiting in a long poll) before the orders arrive.
const inventorySeen = new Set<string>();
const analyticsSeen = new Set<string>();
const reading = Promise.all([
  readOrders(inventoryA, 'inventory-a', inventorySeen),
  readOrders(inventoryB, 'inventory-b', inventorySeen),
  readOrders(analytics, 'analytics', analyticsSeen),
]);

const producer = await start(new Producer({ ...connection(), topic }));
console.log(`sending ${orderCount} orders to "${topic}" (run ${run}), one copy of each`);
for (let i = 1; i <= orderCount; i++) {
  await producer.send({ topic, tag: run, keys: [`${run}-${i}`], body: Buffer.from(`order ${i}`) });
}

const [byA, byB, byAnalytics] = await reading;
console.log(`group hello-inventory-${run}: inventory-a took ${byA}, inventory-b took ${byB}: ${inventorySeen.size} different orders, each handled once`);
console.log(`group hello-analytics-${run}: analytics took ${byAnalytics}: every order again`);

await finish();
