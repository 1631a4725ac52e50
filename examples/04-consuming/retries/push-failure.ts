// @timeout 150s
// What does a failed message do? (The article's question about ConsumeRetryLater.) A push
// consumer returns FAILURE for one message, every time. The cell watches each delivery, what the
// client tells the broker, and where the message ends: after the group's retries, in the
// dead-letter topic %DLQ%<group>, where another consumer reads it.
import { ConsumeResult, FilterExpression, Producer, PushConsumer } from 'rocketmq-client-nodejs';
import { watchRequests } from '../../lib/push-requests.ts';
import { mark } from '../../lib/timeline.ts';
import { connection, finish, runId, sleep, start } from '../../lib/workbook.ts';
import { readDeadLetters } from './dead-letters.ts';

const topic = 'retry-push';
// rocketmq/topics.json creates this group with "retries": 2, so a message is delivered at most
// 3 times. (The broker's default is 16 retries, 17 deliveries.)
const group = 'retry-push-consumer';
const deadLetterTopic = `%DLQ%${group}`;
// What RocketMQ's documentation gives as the wait before retry 1, 2, 3, … for a push consumer.
const DOCUMENTED_GAPS_S = [10, 30, 60];
const run = runId();

const startedAt = Date.now();
const t = () => `t=${((Date.now() - startedAt) / 1000).toFixed(1)}s`;
const deliveries: { at: number; attempt: number }[] = [];
let deadLetterAt: number | undefined;

// Someone who reads the dead letters: a simple consumer of another group, on the DLQ topic.
const reading = readDeadLetters(group, run, 120_000, (message) => {
  deadLetterAt = Date.now();
  console.log(`${t()}  dead-letter reader: found it in ${deadLetterTopic} (message id ${message.messageId})`);
});

const consumer = await start(new PushConsumer({
  ...connection(),
  consumerGroup: group,
  subscriptions: new Map([[topic, FilterExpression.SUB_ALL]]),
  messageListener: {
    async consume(message) {
      if (message.properties.get('run') !== run) return ConsumeResult.SUCCESS; // an earlier run's leftover
      deliveries.push({ at: Date.now(), attempt: message.deliveryAttempt ?? 0 });
      console.log(`${t()}  consumer: delivery ${message.deliveryAttempt}, returns FAILURE`);
      mark('consumer', `delivery ${message.deliveryAttempt}`, { detail: 'FAILURE' });
      // Go's consumer.ConsumeRetryLater; a thrown error or a missing return counts the same.
      return ConsumeResult.FAILURE;
    },
  },
}));
// Underneath: what the client sends the broker after each FAILURE.
watchRequests(consumer, {
  changeInvisibleDuration(message, invisibleMs) {
    if (message.properties.get('run') !== run) return;
    console.log(`${t()}  client → broker: ChangeInvisibleDuration(${invisibleMs} ms): "hand it out again in ${invisibleMs} ms"`);
    mark('client → broker', `retry in ${invisibleMs} ms`);
  },
});
await sleep(2000); // the push consumer opens its first long poll about a second after startup()

const producer = await start(new Producer({ ...connection(), topic }));
const receipt = await producer.send({ topic, properties: new Map([['run', run]]), body: Buffer.from('a message nobody can handle') });
console.log(`${t()}  sent (message id ${receipt.messageId})`);
mark('producer', 'sent');

await reading;
const gaps = deliveries.slice(1).map((d, i) => (d.at - deliveries[i].at) / 1000);
const seconds = (s: number) => `${s.toFixed(1)} s`;
console.log();
console.log(`summary: deliveries ${deliveries.length} (attempts ${deliveries.map((d) => d.attempt).join(', ')}), ` +
  `gaps ${gaps.map(seconds).join(', ') || '-'}, ` +
  `in ${deadLetterTopic} ${deadLetterAt ? `${seconds((deadLetterAt - deliveries.at(-1)!.at) / 1000)} after the last` : 'not found'}`);
console.log(`documented gaps for a push consumer: ${DOCUMENTED_GAPS_S.slice(0, gaps.length).map((s) => `${s} s`).join(', ')}`);

await finish();
