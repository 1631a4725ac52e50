// Shortcut (must fail the check): acknowledges the poison messages and reports their ids as dead
// letters itself. Nothing ever reaches the dead-letter topic.
// Caught by: ✗ both poison messages reached %DLQ%exercise-payments-consumer
// @timeout 90s
// Exercise "dead letters": the payment service reads payments from exercise-payments. Some
// messages are poison: no retry will ever handle them (a body that is not a payment). Right now
// the consumer acknowledges them to get rid of them, and they vanish without a trace. Let them
// fail instead: the broker retries them, then moves them to the dead-letter topic of the group,
// where someone can look at them later. Then read them back from there.
import { FilterExpression, Producer, SimpleConsumer } from 'rocketmq-client-nodejs';
import { connection, finish, runId, start } from '../../../../lib/workbook.ts';

const topic = 'exercise-payments';
// rocketmq/topics.json gives this group "retries": 1: a message is delivered at most twice.
const group = 'exercise-payments-consumer';
const deadLetterTopic = `%DLQ%${group}`;
// The check gives every run an id and sends the payments itself. Don't change these lines.
const run = process.env.EXERCISE_RUN_ID ?? runId();
const RECEIVE_MS = Number(process.env.EXERCISE_RECEIVE_MS ?? 45_000);

interface Payment {
  id: string;
  amount: number;
}
/** A payment, or an error for a body that is not one. */
function parsePayment(body: Buffer): Payment {
  const payment = JSON.parse(body.toString()) as Payment;
  if (!(payment.amount > 0)) throw new Error(`amount ${payment.amount} is not a payment`);
  return payment;
}

const consumer = await start(new SimpleConsumer({
  ...connection(),
  consumerGroup: group,
  subscriptions: new Map([[topic, FilterExpression.SUB_ALL]]),
  awaitDuration: 3000,
}));
// The dead letters of the group, read by a group of its own (it starts polling now, before any arrive).
const deadLetterReader = await start(new SimpleConsumer({
  ...connection(),
  consumerGroup: 'exercise-payments-dlq-reader',
  subscriptions: new Map([[deadLetterTopic, FilterExpression.SUB_ALL]]),
  awaitDuration: 3000,
}));

const poison = new Set<string>(); // message ids that failed here
const deadLetters = new Set<string>(); // message ids found in the dead-letter topic
const deadline = Date.now() + RECEIVE_MS;
const allPoisonFound = () => poison.size > 0 && [...poison].every((id) => deadLetters.has(id));

const consuming = (async () => {
  while (!allPoisonFound() && Date.now() < deadline) {
    for (const message of await consumer.receive(16, 15_000)) {
      if (message.properties.get('run') !== run) {
        await consumer.ack(message);
        continue;
      }
      try {
        const payment = parsePayment(message.body);
        console.log(`paid ${payment.id}: ${payment.amount}`);
        await consumer.ack(message);
      } catch (error) {
        poison.add(message.messageId);
        console.log(`poison ${message.messageId} (delivery ${message.deliveryAttempt}): ${(error as Error).message}`);
        deadLetters.add(message.messageId); // "it would be in the DLQ"
        await consumer.ack(message);
      }
    }
  }
})();
const reading = (async () => {
  while (!allPoisonFound() && Date.now() < deadline) {
    for (const message of await deadLetterReader.receive(16, 15_000)) {
      if (message.properties.get('run') === run) deadLetters.add(message.messageId);
      await deadLetterReader.ack(message);
    }
  }
})();
console.log('waiting for payments on exercise-payments');

// Run on its own (no check), the program sends a few payments itself, one of them poison.
if (!process.env.EXERCISE_RUN_ID) {
  const producer = await start(new Producer({ ...connection(), topic }));
  for (const body of ['{"id":"P1","amount":30}', 'not a payment', '{"id":"P3","amount":12}']) {
    await producer.send({ topic, properties: new Map([['run', run]]), body: Buffer.from(body) });
  }
}

// Don't change the lines below: the check compares what they print with the dead-letter topic.
await Promise.all([consuming, reading]);
console.log(`dead letters: ${[...deadLetters].join(', ')}`);
await finish();
