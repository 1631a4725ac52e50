// A consumer group that goes offline misses nothing: the broker keeps the messages and the
// group's offset (how far the group has read in each of the topic's queues). Back online,
// the group reads on from there.
import { FilterExpression, Producer, SimpleConsumer } from 'rocketmq-client-nodejs';
import { connection, finish, runId, sleep, start } from '../../lib/workbook.ts';

const topic = 'user-events';
const group = 'monthly-report';
// A group keeps its offset between runs: count only this run's messages, skip the rest.
const run = runId();
const READ_ONLINE = 5; // events the report service reads before it goes offline
const SENT_OFFLINE = 8; // events that arrive while it is offline

const producer = await start(new Producer({ ...connection(), topic }));
async function sendEvents(from: number, count: number) {
  for (let n = from; n < from + count; n++) {
    await producer.send({ topic, tag: 'user-signed-up', properties: new Map([['run', run]]), body: Buffer.from(String(n)) });
  }
}

/** Read this run's messages with a fresh consumer of the group until `expected` arrived or `ms` passed; then close it. */
async function readAsReportService(expected: number, ms: number) {
  const consumer = await start(new SimpleConsumer({
    ...connection(),
    consumerGroup: group,
    subscriptions: new Map([[topic, FilterExpression.SUB_ALL]]),
    awaitDuration: 3000,
  }));
  const got: number[] = [];
  const deadline = Date.now() + ms;
  while (got.length < expected && Date.now() < deadline) {
    for (const message of await consumer.receive(16, 15_000)) {
      if (message.properties.get('run') === run) got.push(Number(message.body.toString()));
      // Once acknowledged, a message is done for the group: no consumer of the group gets it again.
      await consumer.ack(message);
    }
  }
  await consumer.shutdown();
  return got.sort((a, b) => a - b);
}

// The first time a group reads a topic, the broker picks its starting offset; open the
// group's first long poll before sending so this run's messages are after it.
console.log('the report service is online');
const online = readAsReportService(READ_ONLINE, 15_000);
await sleep(1500);
await sendEvents(1, READ_ONLINE);
const before = await online;
console.log(`  read ${before.length} events: #${before.join(' #')}`);

console.log('the report service goes offline (its consumer is shut down); events keep coming');
await sendEvents(READ_ONLINE + 1, SENT_OFFLINE);
console.log(`  sent #${READ_ONLINE + 1} to #${READ_ONLINE + SENT_OFFLINE} while nobody in the group was reading`);
await sleep(1000);

console.log('the report service is back: a new consumer in the same group');
const after = await readAsReportService(SENT_OFFLINE, 15_000);
console.log(`  read ${after.length} events: #${after.join(' #')}`);

console.log();
console.log(`summary: missed while offline ${SENT_OFFLINE}, read after coming back ${after.length}, ` +
  `read twice ${after.filter((n) => before.includes(n)).length}`);

await finish();
