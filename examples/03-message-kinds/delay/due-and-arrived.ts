// @timeout 60s
// Delay messages: the broker holds a message until its delivery time. RocketMQ 4.x offered 18 fixed
// levels (the article's WithDelayTimeLevel); 5.x takes any time: `delay` in ms from now, or a
// `deliveryTimestamp`. This cell sends five, and the timeline shows when each was due and when the
// consumer got it. The topic must be a DELAY topic (rocketmq/topics.json).
import { FilterExpression, Producer, SimpleConsumer } from 'rocketmq-client-nodejs';
import { delayForLevel, deliveryTimeForLevel } from '../../lib/delay-levels.ts';
import { elapsedMs, mark } from '../../lib/timeline.ts';
import { connection, finish, runId, start } from '../../lib/workbook.ts';

const topic = 'kinds-delay';
// The broker's timer ticks every timerPrecisionMs (1000 ms by default) and rounds due times down
// to a tick, so a message can come up to one tick early (HookUtils.java, TimerMessageStore.java).
const TIMER_PRECISION_MS = 1000;
const run = runId();

const consumer = await start(new SimpleConsumer({
  ...connection(), consumerGroup: 'kinds-delay-reader', awaitDuration: 3000,
  subscriptions: new Map([[topic, FilterExpression.SUB_ALL]]),
}));
const producer = await start(new Producer({ ...connection(), topic }));

// Five messages, as 5.x says it and as the article's 4.x levels say it.
const now = Date.now();
const messages = [
  { name: 'level 1 (1 s)', deliveryTimestamp: deliveryTimeForLevel(1, new Date(now)) },
  { name: 'delay 2.5 s', deliveryTimestamp: new Date(now + 2500) },
  { name: 'delay 4 s', deliveryTimestamp: new Date(now + 4000) },
  { name: 'level 2 (5 s)', deliveryTimestamp: new Date(now + delayForLevel(2)) },
  { name: 'delay 7 s', deliveryTimestamp: new Date(now + 7000) },
];
for (const { name, deliveryTimestamp } of messages) {
  await producer.send({ topic, deliveryTimestamp, properties: new Map([['run', run]]), body: Buffer.from(name) });
  const dueIn = deliveryTimestamp.getTime() - Date.now();
  mark('producer', 'sent', { id: name });
  mark('broker', 'due', { id: name, at: elapsedMs() + dueIn, detail: deliveryTimestamp.toISOString().slice(11, 23) });
}
console.log(`sent ${messages.length} delay messages at ${new Date(now).toISOString().slice(11, 19)}`);

// The longest delay the proxy accepts is maxDelayTimeMills, 24 h by default (ProxyConfig.java).
try {
  await producer.send({ topic, delay: 25 * 3_600_000, body: Buffer.from('in 25 hours') });
  console.log('a 25 h delay was accepted');
} catch (error) {
  console.log(`a 25 h delay is refused: ${(error as Error).message.split('\n')[0].replace(/^(.{110}).+/, '$1…')}`);
}

// How late each message came (negative: early), in ms.
const lateness: number[] = [];
while (lateness.length < messages.length) {
  for (const message of await consumer.receive(16, 15_000)) {
    await consumer.ack(message);
    if (message.properties.get('run') !== run) continue;
    const name = message.body.toString();
    // deliveryTimestamp travels with the message: the time the producer asked for.
    const lateBy = Date.now() - message.deliveryTimestamp!.getTime();
    lateness.push(lateBy);
    mark('consumer', 'arrived', { id: name, detail: lateBy < 0 ? `${-lateBy} ms early` : `${lateBy} ms late` });
    console.log(`  ${name.padEnd(14)} arrived ${lateBy < 0 ? `${-lateBy} ms before` : `${lateBy} ms after`} its delivery time`);
  }
}
const tooEarly = lateness.filter((ms) => ms < -TIMER_PRECISION_MS).length;
console.log(`summary: ${lateness.length} arrived, ${tooEarly} more than one tick (${TIMER_PRECISION_MS} ms) early; ` +
  `from ${Math.min(...lateness)} to ${Math.max(...lateness)} ms after their delivery time`);

await finish();
