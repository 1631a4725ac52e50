// One producer, three consumer groups. Every group receives every message; inside a group,
// the instances share the messages between them. "analytics" runs three instances.
import { FilterExpression, Producer, SimpleConsumer } from 'rocketmq-client-nodejs';
import { connection, finish, runId, sleep, start } from '../../lib/workbook.ts';

const MESSAGES = 30;
const topic = 'user-events';
// A group keeps its offset between runs: count only this run's messages, skip the rest.
const run = runId();

/** One instance of a service: a consumer in `group` that records which message numbers it got. */
function startInstance(group: string, instance: string) {
  const got: number[] = [];
  let running = true;
  const consumer = new SimpleConsumer({
    ...connection(),
    consumerGroup: group,
    subscriptions: new Map([[topic, FilterExpression.SUB_ALL]]),
    awaitDuration: 3000,
  });
  const loop = (async () => {
    await start(consumer);
    while (running) {
      // Small batches and a little work per message, so the instances take turns.
      for (const message of await consumer.receive(4, 15_000)) {
        if (message.properties.get('run') === run) {
          got.push(Number(message.body.toString()));
          await sleep(20);
        }
        await consumer.ack(message);
      }
    }
  })();
  return { group, instance, got, stop: async () => { running = false; await loop; } };
}

const instances = [
  startInstance('search-indexer', 'search-indexer'),
  startInstance('welcome-mailer', 'welcome-mailer'),
  startInstance('analytics', 'analytics-a'),
  startInstance('analytics', 'analytics-b'),
  startInstance('analytics', 'analytics-c'),
];
// Let every consumer start and open its first long poll before the messages go out: a group
// that has never read this topic gets its starting offsets at its first receive(), not at startup().
await sleep(1500);

const producer = await start(new Producer({ ...connection(), topic }));
for (let n = 1; n <= MESSAGES; n++) {
  await producer.send({ topic, tag: 'user-signed-up', properties: new Map([['run', run]]), body: Buffer.from(String(n)) });
}
console.log(`sent ${MESSAGES} "user signed up" events to ${topic}`);

// Wait until each group has all messages (or 15 s have passed).
const groups = [...new Set(instances.map((i) => i.group))];
const receivedBy = (group: string) => instances.filter((i) => i.group === group).flatMap((i) => i.got);
const deadline = Date.now() + 15_000;
while (Date.now() < deadline && groups.some((g) => receivedBy(g).length < MESSAGES)) await sleep(100);
await Promise.all(instances.map((i) => i.stop()));

console.log();
for (const group of groups) {
  const all = receivedBy(group);
  const distinct = new Set(all).size;
  console.log(`group ${group}: received ${distinct} of ${MESSAGES} (${all.length - distinct} twice)`);
  for (const instance of instances.filter((i) => i.group === group)) {
    const got = [...instance.got].sort((a, b) => a - b);
    console.log(`  instance ${instance.instance.padEnd(14)} got ${String(got.length).padStart(2)}: #${got.join(' #')}`);
  }
}

await finish();
