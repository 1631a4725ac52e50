// @timeout 60s
// When a consumer acknowledges decides what a crash costs. Two wallet services read the same
// "credit alice 100" message, each in its own group. One acks after the work, the other
// before. Both crash at the worst moment, restart, and read on.
import { FilterExpression, Producer, SimpleConsumer, type MessageView } from 'rocketmq-client-nodejs';
import { connection, finish, runId, start } from '../../lib/workbook.ts';

const topic = 'wallet-credits';
// A group keeps its offset between runs: handle only this run's message, skip the rest.
const run = runId();
// The shortest invisible time the proxy accepts. An unacknowledged message comes back after it,
// plus a few seconds: the broker brings it back through the group's retry queue.
const INVISIBLE_MS = 10_000;
const WAIT_AFTER_RESTART_MS = INVISIBLE_MS + 8000;

interface Service {
  name: string;
  group: string;
  ackBeforeWork: boolean;
  balance: number;
  deliveries: number;
}
const services: Service[] = [
  { name: 'ack after the work ', group: 'wallet-ack-after', ackBeforeWork: false, balance: 0, deliveries: 0 },
  { name: 'ack before the work', group: 'wallet-ack-before', ackBeforeWork: true, balance: 0, deliveries: 0 },
];

function consumerOf(service: Service) {
  return start(new SimpleConsumer({
    ...connection(),
    consumerGroup: service.group,
    subscriptions: new Map([[topic, FilterExpression.SUB_ALL]]),
    awaitDuration: 3000,
  }));
}

/** Receive until this run's credit arrives (or `ms` pass); skip older messages. */
async function receiveCredit(consumer: SimpleConsumer, ms: number): Promise<MessageView | undefined> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    for (const message of await consumer.receive(16, INVISIBLE_MS)) {
      if (message.properties.get('run') === run) return message;
      await consumer.ack(message);
    }
  }
  return undefined;
}

// Both services are up and waiting before the credit is sent.
const first = await Promise.all(services.map(consumerOf));
const waiting = services.map((service, i) => receiveCredit(first[i], 10_000));
const producer = await start(new Producer({ ...connection(), topic }));
await producer.send({ topic, tag: 'credit', keys: [`credit-${run}`], properties: new Map([['run', run]]),
  body: Buffer.from(JSON.stringify({ account: 'alice', amount: 100 })) });
console.log('sent: credit alice 100');

// First delivery: each service crashes at its worst moment.
const received = await Promise.all(waiting);
for (const [i, service] of services.entries()) {
  const message = received[i];
  if (!message) throw new Error(`${service.group} never received the credit`);
  service.deliveries++;
  if (service.ackBeforeWork) {
    await first[i].ack(message);
    console.log(`  [${service.name}] delivery ${message.deliveryAttempt}: acked, then crashed before crediting`);
  } else {
    service.balance += 100;
    console.log(`  [${service.name}] delivery ${message.deliveryAttempt}: credited, then crashed before the ack`);
  }
  await first[i].shutdown(); // the crash: the consumer is gone, its unacknowledged message stays invisible
}

// Both services restart and read on. The broker hands out again what was not acknowledged,
// once the invisible time (10 s) has passed.
console.log(`both restart and wait up to ${WAIT_AFTER_RESTART_MS / 1000} s for more…`);
const second = await Promise.all(services.map(consumerOf));
await Promise.all(services.map(async (service, i) => {
  const message = await receiveCredit(second[i], WAIT_AFTER_RESTART_MS);
  if (!message) {
    console.log(`  [${service.name}] nothing more arrives`);
    return;
  }
  service.deliveries++;
  service.balance += 100;
  await second[i].ack(message);
  console.log(`  [${service.name}] delivery ${message.deliveryAttempt}: the same message again; credited and acked`);
}));

console.log();
for (const service of services) {
  const verdict = service.balance > 100 ? 'a duplicate' : service.balance < 100 ? 'lost' : 'correct';
  console.log(`${service.name}: delivered ${service.deliveries} time${service.deliveries === 1 ? '' : 's'}, alice's balance ${service.balance} (expected 100): ${verdict}`);
}

await finish();
