// @timeout 90s
// The article's Shutdown pitfall, in the timeout handler's setting: a consumer's handler starts a
// producer to send a message, then shuts it down. In the Go client both shared one client per
// process, so that Shutdown also stopped the consumer. Here: does the consumer survive, and what
// does a producer per message cost compared with one for the process?
import { FilterExpression, Producer, SimpleConsumer } from 'rocketmq-client-nodejs';
import { connection, finish, runId, start } from '../../lib/workbook.ts';

const MESSAGES = 5;
const topic = 'test-normal';
const tag = `shutdown-${runId()}`; // this run's messages only

const consumer = await start(new SimpleConsumer({
  ...connection(), consumerGroup: 'capstone-shutdown-question', awaitDuration: 3000,
  subscriptions: new Map([[topic, new FilterExpression(tag)]]),
}));
const shared = await start(new Producer({ ...connection(), topic }));
const clientIds = new Set<string>([consumer.clientId, shared.clientId]);

const perMessage: number[] = [];
const sharedSends: number[] = [];
let handled = 0;
// The consumer asks first (a new group starts reading where it first asks), then the messages come.
const receiving = (async () => {
  while (handled < MESSAGES) {
    for (const message of await consumer.receive(1, 15_000)) {
      // The article's timeout handler: a new producer, one send, Shutdown.
      let started = performance.now();
      const own = new Producer({ ...connection(), topic });
      await own.startup();
      clientIds.add(own.clientId);
      await own.send({ topic, tag: `${tag}-reply`, body: Buffer.from('reback') });
      await own.shutdown();
      perMessage.push(performance.now() - started);
      // The services' way: the process's one producer.
      started = performance.now();
      await shared.send({ topic, tag: `${tag}-reply`, body: Buffer.from('reback') });
      sharedSends.push(performance.now() - started);
      await consumer.ack(message); // the consumer still works after another client's shutdown
      handled++;
      console.log(`handled ${message.body.toString()}: own producer started, sent, shut down; consumer still acks`);
    }
  }
})();
for (let i = 1; i <= MESSAGES; i++) await shared.send({ topic, tag, body: Buffer.from(`timeout #${i}`) });
await receiving;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)].toFixed(0);
console.log(`client ids: ${[...clientIds].join(', ')}`);
console.log(`summary: handled ${handled} of ${MESSAGES} after ${MESSAGES} producer shutdowns, ${clientIds.size} distinct client ids for ${MESSAGES + 2} clients, ` +
  `producer per message median ${median(perMessage)} ms, shared producer median ${median(sharedSends)} ms`);
await finish();
