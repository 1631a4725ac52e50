// @timeout 60s
// The article asks: why does the broker keep consumer groups, instead of pushing one copy of each
// message? Ten orders go to the topic order-placed. Two services read it: stock runs as two
// instances of one group, mailer as one. Then the two stock instances run again, each under a
// group of its own, the way they would if the group name were, say, the host name.
import { ConsumeResult, FilterExpression, Producer, PushConsumer } from 'rocketmq-client-nodejs';
import { connection, finish, runId, sleep, start } from '../../lib/workbook.ts';

const topic = 'order-placed';
const ORDERS = 10;

/** Which orders each consumer instance handled, by instance name. */
type Handled = Map<string, number[]>;

/** Start one push consumer instance `name` in `group`; it records the orders of run `run`. */
function instance(group: string, name: string, run: string, handled: Handled) {
  handled.set(name, []);
  return start(new PushConsumer({
    ...connection(),
    consumerGroup: group,
    subscriptions: new Map([[topic, FilterExpression.SUB_ALL]]),
    messageListener: {
      async consume(message) {
        if (message.properties.get('run') === run) handled.get(name)!.push(Number(message.body.toString()));
        return ConsumeResult.SUCCESS;
      },
    },
  }));
}

const producer = await start(new Producer({ ...connection(), topic }));

/** Send ORDERS orders of a new run, and wait until every instance has gone quiet. */
async function placeOrders(run: string, handled: Handled) {
  await sleep(2000); // every push consumer has opened its first long poll
  for (let order = 1; order <= ORDERS; order++) {
    await producer.send({ topic, properties: new Map([['run', run]]), body: Buffer.from(String(order)) });
  }
  const total = () => [...handled.values()].reduce((sum, orders) => sum + orders.length, 0);
  let last = -1;
  while (total() !== last) {
    last = total();
    await sleep(1500); // nothing new for 1.5 s: done
  }
}

/** One line per group: what it received in total, and how its instances shared it. */
function report(groups: Record<string, string[]>, handled: Handled) {
  for (const [group, names] of Object.entries(groups)) {
    const all = names.flatMap((name) => handled.get(name)!);
    const distinct = new Set(all).size;
    console.log(`group ${group}: received ${distinct} of ${ORDERS} orders (${all.length - distinct} twice)`);
    for (const name of names) console.log(`  instance ${name} handled ${handled.get(name)!.length}: #${[...handled.get(name)!].sort((a, b) => a - b).join(' #')}`);
  }
}

console.log('phase 1: stock-1 and stock-2 in the group stock-service, mailer-1 in mailer-service');
// Each phase's orders carry a run id of their own; a group keeps its offset between runs.
const run1 = runId();
const shared: Handled = new Map();
await instance('stock-service', 'stock-1', run1, shared);
await instance('stock-service', 'stock-2', run1, shared);
await instance('mailer-service', 'mailer-1', run1, shared);
await placeOrders(run1, shared);
report({ 'stock-service': ['stock-1', 'stock-2'], 'mailer-service': ['mailer-1'] }, shared);
// (These three keep running; they skip phase 2's orders, which carry another run id.)

console.log();
console.log('phase 2: the same two stock instances, each in a group of its own');
const separate: Handled = new Map();
const run2 = runId();
await instance('stock-instance-1', 'stock-1', run2, separate);
await instance('stock-instance-2', 'stock-2', run2, separate);
await placeOrders(run2, separate);
report({ 'stock-instance-1': ['stock-1'], 'stock-instance-2': ['stock-2'] }, separate);
const deductions = (handled: Handled, names: string[]) => names.reduce((sum, name) => sum + handled.get(name)!.length, 0);
console.log();
console.log(`summary: ${ORDERS} orders; one group with two instances: stock deducted ${deductions(shared, ['stock-1', 'stock-2'])} times; ` +
  `a group per instance: stock deducted ${deductions(separate, ['stock-1', 'stock-2'])} times`);

await finish();
