// The same order service, decoupled: it publishes one "order created" event to a topic and
// returns. Inventory, logistics and payment each read the topic with their own consumer group.
// Inventory goes down for the second batch of orders, then comes back and catches up.
import { FilterExpression, Producer, SimpleConsumer } from 'rocketmq-client-nodejs';
import { connection, finish, runId, sleep, start } from '../../lib/workbook.ts';

// Edit me: false keeps inventory up the whole time.
const inventoryGoesDown = true;
const ORDERS_PER_PHASE = 5;

const topic = 'order-created';
// Every event of this run carries this id. A consumer group keeps its offset between runs, so
// the services may also see events an earlier run left behind; they skip those.
const run = runId();

interface Order {
  id: number;
  item: string;
}

// A downstream service = a consumer group + a loop that receives, handles and acknowledges.
// Each group gets its own copy of every event.
function startService(name: string) {
  const handled: number[] = [];
  let running = true;
  const consumer = new SimpleConsumer({
    ...connection(),
    consumerGroup: `${name}-service`,
    subscriptions: new Map([[topic, FilterExpression.SUB_ALL]]),
    awaitDuration: 3000,
  });
  const loop = (async () => {
    await start(consumer);
    while (running) {
      // Ask for up to 16 events; the broker holds the request up to 3 s if there are none.
      for (const message of await consumer.receive(16, 15_000)) {
        if (message.properties.get('run') === run) {
          const order = JSON.parse(message.body.toString()) as Order;
          handled.push(order.id);
          console.log(`    ${name} handled order #${order.id}`);
        }
        // The ack tells the broker this group is done with the event. Without it, the
        // broker hands the event out again after the invisible time (15 s here).
        await consumer.ack(message);
      }
    }
  })();
  return {
    handled,
    /** Stop receiving (waits for the open long poll) and close the client, like a crash or a deploy. */
    async stop() {
      running = false;
      await loop;
      await consumer.shutdown();
    },
  };
}

// The order service: accepting an order means the broker has stored its event. That is all.
const producer = await start(new Producer({ ...connection(), topic }));
const accepted: number[] = [];
const failed: number[] = [];
let nextId = 1;
async function placeOrders(count: number) {
  for (let i = 0; i < count; i++) {
    const order: Order = { id: nextId++, item: 'kettle' };
    try {
      await producer.send({
        topic,
        tag: 'order-created',
        keys: [`order-${run}-${order.id}`],
        properties: new Map([['run', run]]),
        body: Buffer.from(JSON.stringify(order)),
      });
      accepted.push(order.id);
      console.log(`  order #${order.id} accepted (the broker stored the event)`);
    } catch (error) {
      failed.push(order.id);
      console.log(`  order #${order.id} FAILED: ${(error as Error).message}`);
    }
  }
}

/** Poll until `done()` is true or `ms` have passed. */
async function waitUntil(done: () => boolean, ms: number) {
  const deadline = Date.now() + ms;
  while (!done() && Date.now() < deadline) await sleep(100);
}

const inventory = startService('inventory');
const logistics = startService('logistics');
const payment = startService('payment');

console.log('phase 1: every service is up');
await placeOrders(ORDERS_PER_PHASE);
await waitUntil(() => [inventory, logistics, payment].every((s) => s.handled.length === ORDERS_PER_PHASE), 15_000);

const placedWhileDown: number[] = [];
if (inventoryGoesDown) {
  console.log('phase 2: inventory is down (its consumer is stopped)');
  await inventory.stop();
  const first = nextId;
  await placeOrders(ORDERS_PER_PHASE);
  for (let id = first; id < nextId; id++) placedWhileDown.push(id);
} else {
  console.log('phase 2: inventory stays up this time');
  await placeOrders(ORDERS_PER_PHASE);
}
await waitUntil(() => [logistics, payment].every((s) => s.handled.length === 2 * ORDERS_PER_PHASE), 15_000);

let inventoryBack = inventory;
if (inventoryGoesDown) {
  console.log('phase 3: inventory is back (a new consumer in the same group, "inventory-service")');
  // The broker keeps the group's offset, not the consumer: the new consumer starts exactly
  // where the old one stopped, and receives what was published meanwhile.
  inventoryBack = startService('inventory');
  await waitUntil(() => inventoryBack.handled.length >= placedWhileDown.length, 15_000);
  const caughtUp = inventoryBack.handled.filter((id) => placedWhileDown.includes(id));
  console.log(`  inventory caught up on ${caughtUp.length} orders (#${caughtUp.join(' #')}); ` +
    `${placedWhileDown.length} were placed while it was down`);
}

console.log();
console.log(`summary: placed ${nextId - 1}, accepted ${accepted.length}, failed ${failed.length}`);
const inventoryTotal = inventoryGoesDown ? inventory.handled.length + inventoryBack.handled.length : inventory.handled.length;
console.log(`handled: inventory ${inventoryTotal}, logistics ${logistics.handled.length}, payment ${payment.handled.length}`);

// Stop the services that still run (each waits for its open long poll, up to 3 s).
await Promise.all([inventoryBack, logistics, payment].map((service) => service.stop()));
await finish();
