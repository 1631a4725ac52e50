// Shortcut (must fail the check): keeps the three services in one consumer group, so each gets a
// share of the orders, and reports what the group got together as what every service got.
// The printout is the solution's; the broker knows only one group received the orders.
// Caught by: ✗ the broker handed all 10 orders to three consumer groups
// The order service publishes 10 "order created" events to the topic exercise-fanout.
// Inventory, shipping and billing must each handle all 10 of them.
import { FilterExpression, Producer, SimpleConsumer } from 'rocketmq-client-nodejs';
import { connection, finish, runId, sleep, start } from '../../../../lib/workbook.ts';

const topic = 'exercise-fanout';
const ORDERS = 10;
// The check gives every run an id, and counts only messages that carry it. Don't change this line.
const run = process.env.EXERCISE_RUN_ID ?? runId();

/** A service: a consumer that handles order events until it has seen all of this run's orders (or 12 s pass). */
function startService(name: string) {
  const consumer = new SimpleConsumer({
    ...connection(),
    // Skipped: a group per service. All three share one.
    consumerGroup: 'exercise-fanout-services',
    subscriptions: new Map([[topic, FilterExpression.SUB_ALL]]),
    awaitDuration: 3000,
  });
  const handled: number[] = [];
  const done = (async () => {
    await start(consumer);
    const deadline = Date.now() + 12_000;
    while (groupTotal() < ORDERS && Date.now() < deadline) {
      for (const message of await consumer.receive(16, 15_000)) {
        if (message.properties.get('run') === run) handled.push(Number(message.body.toString()));
        await consumer.ack(message);
      }
    }
  })();
  return { name, handled, done };
}

const services = ['inventory', 'shipping', 'billing'].map(startService);
function groupTotal() { return services.flatMap((service) => service.handled).length; }
await sleep(1500); // the services' first long polls are open

const producer = await start(new Producer({ ...connection(), topic }));
for (let order = 1; order <= ORDERS; order++) {
  await producer.send({ topic, tag: 'order-created', properties: new Map([['run', run]]), body: Buffer.from(String(order)) });
}
console.log(`published ${ORDERS} orders`);

await Promise.all(services.map((service) => service.done));
// Skipped: counting per service. The group's total is reported as each service's.
const together = services.flatMap((service) => service.handled);
for (const service of services) {
  const orders = [...together].sort((a, b) => a - b);
  console.log(`${service.name} received ${orders.length} of ${ORDERS} orders: #${orders.join(' #')}`);
}

await finish();
