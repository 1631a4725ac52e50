// The article's Go pitfall, tried in Node: does shutting one producer down close the others?
import { Producer, SimpleConsumer } from 'rocketmq-client-nodejs';
import { connection, finish, runId, start } from '../lib/workbook.ts';

const topic = 'hello';
const run = runId();

// Two producers and a consumer in one process, as in a service that sends orders and payments.
// This one is started by hand instead of start(): the experiment shuts it down itself.
const orders = new Producer({ ...connection(), topic });
await orders.startup();
const payments = await start(new Producer({ ...connection(), topic }));
const reader = await start(new SimpleConsumer({
  ...connection(),
  // A group of this run's own, reading only this run's tag: it sees exactly this run's message.
  consumerGroup: `hello-independent-${run}`,
  subscriptions: new Map([[topic, run]]),
  awaitDuration: 3000,
}));

// In Go every client of a process got the id "<ip>@<pid>", and so one shared client underneath.
// Here every client object makes its own id (host@pid@counter@time) and its own connections.
console.log('client ids:');
console.log('  orders  ', orders.clientId);
console.log('  payments', payments.clientId);
console.log('  reader  ', reader.clientId);

await orders.shutdown();
console.log(`\norders.shutdown() done; orders running: ${orders.isRunning()}, payments running: ${payments.isRunning()}`);

try {
  await orders.send({ topic, body: Buffer.from('too late') });
} catch (error) {
  console.log(`orders.send() fails, as it should: ${(error as Error).message}`);
}

const receipt = await payments.send({ topic, tag: run, body: Buffer.from(`payment ${run}`) });
console.log(`payments.send() still works: message id ${receipt.messageId}`);

// The consumer in the same process is untouched too.
let received = await reader.receive(1, 30_000);
if (received.length === 0) received = await reader.receive(1, 30_000); // one more long poll
for (const message of received) {
  await reader.ack(message);
  console.log(`reader.receive() still works: got "${message.body.toString()}"`);
}
if (received.length === 0) console.log('reader got nothing (unexpected: is the broker healthy?)');

await finish(received.length > 0 ? 0 : 1);
