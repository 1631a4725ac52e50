// The order service calls inventory, logistics and payment one after the other and waits for
// each answer. Inventory goes down for the second batch of orders. No RocketMQ here: this is
// the "before" picture.
import { finish, sleep } from '../../lib/workbook.ts';

// Edit me: false keeps inventory up the whole time.
const inventoryGoesDown = true;
const ORDERS_PER_PHASE = 5;

interface Order {
  id: number;
  item: string;
}

// The three downstream services, simulated in this process. Each takes a few milliseconds,
// like a call over the network; a service that is down refuses the connection.
let inventoryUp = true;
const handled = { inventory: [] as number[], logistics: [] as number[], payment: [] as number[] };

async function callInventory(order: Order) {
  await sleep(15);
  if (!inventoryUp) throw new Error('inventory: connect ECONNREFUSED 10.0.0.12:8080');
  handled.inventory.push(order.id);
}
async function callLogistics(order: Order) {
  await sleep(15);
  handled.logistics.push(order.id);
}
async function callPayment(order: Order) {
  await sleep(15);
  handled.payment.push(order.id);
}

// Placing an order = calling every service in turn. One failure fails the whole order.
const accepted: number[] = [];
const failed: number[] = [];
async function placeOrder(order: Order) {
  try {
    await callInventory(order);
    await callLogistics(order);
    await callPayment(order);
    accepted.push(order.id);
    console.log(`  order #${order.id} accepted`);
  } catch (error) {
    failed.push(order.id);
    console.log(`  order #${order.id} FAILED: ${(error as Error).message}`);
  }
}

let nextId = 1;
async function placeOrders(count: number) {
  for (let i = 0; i < count; i++) await placeOrder({ id: nextId++, item: 'kettle' });
}

console.log('phase 1: every service is up');
await placeOrders(ORDERS_PER_PHASE);

if (inventoryGoesDown) {
  inventoryUp = false;
  console.log('phase 2: inventory is down (a deploy, a crash, a slow database…)');
} else {
  console.log('phase 2: inventory stays up this time');
}
await placeOrders(ORDERS_PER_PHASE);

inventoryUp = true;
console.log('phase 3: inventory is back');
// Nothing remembers the failed orders: those customers saw an error page, and no service
// will ever hear of them. There is nothing for inventory to catch up on.
console.log(`  nothing to catch up on: ${failed.length} customers saw an error and the orders are gone`);

console.log();
console.log(`summary: placed ${nextId - 1}, accepted ${accepted.length}, failed ${failed.length}`);
console.log(`handled: inventory ${handled.inventory.length}, logistics ${handled.logistics.length}, payment ${handled.payment.length}`);

await finish();
