// @timeout 120s
// A simple consumer decides itself when a failed message comes back: it changes the message's
// invisible duration instead of acknowledging it. This one fails every delivery and asks for a
// longer wait each time (its own backoff). After the group's retries, the next receive() moves
// the message to the dead-letter topic.
import { FilterExpression, Producer, SimpleConsumer } from 'rocketmq-client-nodejs';
import { mark } from '../../lib/timeline.ts';
import { connection, finish, runId, start } from '../../lib/workbook.ts';
import { readDeadLetters } from './dead-letters.ts';

const topic = 'retry-simple';
// rocketmq/topics.json creates this group with "retries": 2: at most 3 deliveries.
const group = 'retry-simple-consumer';
const deadLetterTopic = `%DLQ%${group}`;
const BACKOFF_MS = [3000, 6000, 12_000]; // edit me: the wait after failure 1, 2, 3, …
const run = runId();

const startedAt = Date.now();
const t = () => `t=${((Date.now() - startedAt) / 1000).toFixed(1)}s`;
const deliveries: { at: number; attempt: number; askedMs?: number }[] = [];
let deadLetterAt: number | undefined;

const consumer = await start(new SimpleConsumer({
  ...connection(),
  consumerGroup: group,
  subscriptions: new Map([[topic, FilterExpression.SUB_ALL]]),
  awaitDuration: 3000,
}));

const consuming = (async () => {
  while (!deadLetterAt && Date.now() - startedAt < 100_000) {
    for (const message of await consumer.receive(16, 30_000)) {
      if (message.properties.get('run') !== run) {
        await consumer.ack(message);
        continue;
      }
      const attempt = message.deliveryAttempt ?? 1;
      const askedMs = BACKOFF_MS[Math.min(attempt, BACKOFF_MS.length) - 1];
      deliveries.push({ at: Date.now(), attempt, askedMs });
      console.log(`${t()}  consumer: delivery ${attempt} fails; changeInvisibleDuration(${askedMs / 1000} s)`);
      mark('consumer', `delivery ${attempt}`, { detail: `fails; back in ${askedMs / 1000} s` });
      // No ack: instead of waiting out the 30 s it asked for in receive(), the message comes back after askedMs.
      await consumer.changeInvisibleDuration(message, askedMs);
    }
  }
})();
const reading = readDeadLetters(group, run, 100_000, () => {
  deadLetterAt = Date.now();
  console.log(`${t()}  dead-letter reader: found it in ${deadLetterTopic}`);
});

const producer = await start(new Producer({ ...connection(), topic }));
const receipt = await producer.send({ topic, properties: new Map([['run', run]]), body: Buffer.from('a message nobody can handle') });
console.log(`${t()}  sent (message id ${receipt.messageId})`);
mark('producer', 'sent');

await Promise.all([consuming, reading]);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const gaps = deliveries.slice(1).map((d, i) => `${seconds(d.at - deliveries[i].at)} (asked ${seconds(deliveries[i].askedMs!)})`);
console.log();
console.log(`summary: deliveries ${deliveries.length} (attempts ${deliveries.map((d) => d.attempt).join(', ')}), gaps ${gaps.join(', ') || '-'}, ` +
  `in ${deadLetterTopic} ${deadLetterAt ? `${seconds(deadLetterAt - deliveries.at(-1)!.at)} after the last` : 'not found'}`);

await finish();
