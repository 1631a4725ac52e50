// @timeout 90s
// A push consumer on a FIFO topic that fails one message. In client 1.0.8 what happens depends on
// the group's retry policy, and neither case matches the documentation. Two orderly groups read
// the same message (rocketmq/topics.json):
//   retry-fifo-default      the broker's default policy (CUSTOMIZED, 16 retries)
//   retry-fifo-exponential  an EXPONENTIAL policy: 3 retries, waits 2 s, 4 s, 8 s
import { ConsumeResult, FilterExpression, Producer, PushConsumer } from 'rocketmq-client-nodejs';
import { watchRequests } from '../../lib/push-requests.ts';
import { mark } from '../../lib/timeline.ts';
import { connection, finish, runId, sleep, start } from '../../lib/workbook.ts';
import { readDeadLetters } from './dead-letters.ts';

const topic = 'retry-fifo';
const groups = ['retry-fifo-default', 'retry-fifo-exponential'];
const run = runId();

const startedAt = Date.now();
const t = () => `t=${((Date.now() - startedAt) / 1000).toFixed(3)}s`;
const deliveries = new Map(groups.map((group) => [group, [] as number[]]));
const deadLetters = new Map<string, number>();

for (const group of groups) {
  // Each group's dead letters, read by a simple consumer that starts polling now.
  void readDeadLetters(group, run, 60_000, () => {
    deadLetters.set(group, Date.now());
    console.log(`${t()}  ${group}: found in %DLQ%${group}`);
  });

  const consumer = await start(new PushConsumer({
    ...connection(),
    consumerGroup: group,
    subscriptions: new Map([[topic, FilterExpression.SUB_ALL]]),
    messageListener: {
      async consume(message) {
        if (message.properties.get('run') !== run) return ConsumeResult.SUCCESS;
        deliveries.get(group)!.push(Date.now());
        console.log(`${t()}  ${group}: delivery ${message.deliveryAttempt}, returns FAILURE`);
        mark(group, `delivery ${message.deliveryAttempt}`, { detail: 'FAILURE' });
        return ConsumeResult.FAILURE;
      },
    },
  }));
  watchRequests(consumer, {
    forwardToDeadLetterQueue(message) {
      if (message.properties.get('run') === run) console.log(`${t()}  ${group}: client → broker: ForwardMessageToDeadLetterQueue`);
    },
  });
}
await sleep(2000); // the push consumers open their first long polls about a second after startup()

const producer = await start(new Producer({ ...connection(), topic }));
await producer.send({ topic, messageGroup: 'order-1', properties: new Map([['run', run]]), body: Buffer.from('a message nobody can handle') });
console.log(`${t()}  sent to the FIFO topic (message group order-1)`);
mark('producer', 'sent');

const deadline = Date.now() + 45_000;
while (deadLetters.size < groups.length && Date.now() < deadline) await sleep(100);
console.log();
for (const group of groups) {
  const times = deliveries.get(group)!;
  const gaps = times.slice(1).map((at, i) => `${at - times[i]} ms`);
  console.log(`summary ${group}: deliveries ${times.length}, gaps ${gaps.join(', ') || '-'}, ` +
    `dead letter ${deadLetters.has(group) ? 'yes' : 'no'}`);
}

await finish();
