// @timeout 180s
// Order, per message group: five customers' orders go out interleaved (alice 1, bob 1, carol 1,
// …, alice 2, …), 40 each, to three topics: a normal one, a FIFO one with 4 queues, and a FIFO
// one with 1 queue. The consumer checks each customer's sequence, and the sequence as a whole.
import { FilterExpression, Producer, SimpleConsumer, type MessageView } from 'rocketmq-client-nodejs';
import { connection, finish, runId, start } from '../../lib/workbook.ts';

const CUSTOMERS = ['alice', 'bob', 'carol', 'dave', 'erin'];
const PER_CUSTOMER = 40;
const total = CUSTOMERS.length * PER_CUSTOMER;
const run = runId();

// Every FIFO topic needs an orderly consumer group (rocketmq/topics.json lists them).
const topics = [
  { topic: 'kinds-normal', group: 'kinds-contrast-normal-reader', fifo: false, queues: 4 },
  { topic: 'kinds-fifo', group: 'kinds-fifo-reader', fifo: true, queues: 4 },
  { topic: 'kinds-fifo-global', group: 'kinds-fifo-global-reader', fifo: true, queues: 1 },
];

async function sendAndReceive({ topic, group, fifo }: (typeof topics)[number]) {
  const consumer = await start(new SimpleConsumer({
    ...connection(), consumerGroup: group, awaitDuration: 3000,
    subscriptions: new Map([[topic, FilterExpression.SUB_ALL]]),
  }));
  const arrived: { customer: string; n: number }[] = [];
  const seen = new Set<string>();
  let twice = 0;
  /** Note the order this run's messages arrive in, then acknowledge the batch. */
  const take = async (batch: MessageView[]) => {
    for (const message of batch.filter((m) => m.properties.get('run') === run)) {
      const customer = message.properties.get('customer')!;
      const n = Number(message.properties.get('n'));
      // At least once: a message whose ack came too late is delivered again. Count it once.
      if (seen.has(`${customer} ${n}`)) twice++;
      else arrived.push({ customer, n });
      seen.add(`${customer} ${n}`);
    }
    // On a FIFO topic the broker hands out a queue's next messages only after these acks.
    await Promise.all(batch.map((message) => consumer.ack(message)));
  };
  const firstBatch = consumer.receive(32, 30_000).then(take); // fixes where the group starts (previous cell)

  const producer = await start(new Producer({ ...connection(), topic }));
  for (let n = 1; n <= PER_CUSTOMER; n++) {
    for (const customer of CUSTOMERS) {
      await producer.send({
        topic,
        // The message group: on a FIFO topic, one customer's messages stay in the order they were sent.
        ...(fifo ? { messageGroup: customer } : {}),
        properties: new Map([['run', run], ['customer', customer], ['n', String(n)]]),
        body: Buffer.from(`${customer} #${n}`),
      });
    }
  }

  // Up to 32 messages a batch, invisible to others for 30 s while this consumer works through them.
  await firstBatch;
  while (arrived.length < total) await take(await consumer.receive(32, 30_000));

  // Per customer: did their messages come 1, 2, 3, …? As a whole: in exactly the order sent?
  const outOfOrder = CUSTOMERS.filter((customer) => {
    const ns = arrived.filter((m) => m.customer === customer).map((m) => m.n);
    return ns.some((n, i) => n !== i + 1);
  });
  const sentOrder = Array.from({ length: total }, (_, i) => `${CUSTOMERS[i % CUSTOMERS.length]} ${Math.floor(i / CUSTOMERS.length) + 1}`);
  const wholeInOrder = arrived.every((m, i) => `${m.customer} ${m.n}` === sentOrder[i]);
  return { received: arrived.length, twice, outOfOrder, wholeInOrder, firstTen: arrived.slice(0, 10) };
}

for (const entry of topics) {
  const result = await sendAndReceive(entry);
  console.log(`${entry.topic} (${entry.fifo ? 'FIFO' : 'normal'}, ${entry.queues} queue${entry.queues > 1 ? 's' : ''}): ` +
    `received ${result.received} of ${total}${result.twice ? ` (and ${result.twice} twice)` : ''}; customers out of order: ${result.outOfOrder.length} of ${CUSTOMERS.length}` +
    `${result.outOfOrder.length ? ` (${result.outOfOrder.join(', ')})` : ''}; whole sequence as sent: ${result.wholeInOrder ? 'yes' : 'no'}` +
    // A normal topic promises no order, but a run can still come out in order by chance.
    (!entry.fifo && result.wholeInOrder ? ' (this time the consumer got the queues in turn: order by chance, not a promise)' : ''));
  console.log(`  first ten: ${result.firstTen.map((m) => `${m.customer} ${m.n}`).join(', ')}`);
}

await finish();
