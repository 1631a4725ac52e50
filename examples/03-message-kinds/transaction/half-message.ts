// @timeout 60s
// Transactional messages, in short (chapter 5 goes deep). The producer sends a "half" message: the
// broker stores it but no consumer can see it yet. Then the producer commits (consumers get it)
// or rolls back (nobody ever does). If neither arrives, the broker asks the producer's checker.
import { createRequire } from 'node:module';
import { FilterExpression, Producer, SimpleConsumer, type MessageView } from 'rocketmq-client-nodejs';
import { mark } from '../../lib/timeline.ts';
import { connection, finish, runId, start } from '../../lib/workbook.ts';

// TransactionResolution is not exported from the package root (rocketmq-clients issue #675).
const { TransactionResolution } = createRequire(import.meta.url)('rocketmq-client-nodejs/proto/apache/rocketmq/v2/definition_pb');

const topic = 'kinds-transaction'; // a TRANSACTION topic: normal sends to it are refused (next cell)
const run = runId();

const consumer = await start(new SimpleConsumer({
  ...connection(), consumerGroup: 'kinds-transaction-reader', awaitDuration: 3000,
  subscriptions: new Map([[topic, FilterExpression.SUB_ALL]]),
}));
const received: string[] = [];
/** Note this run's orders as they arrive; returns how many of them the batch held. */
async function take(batch: MessageView[]) {
  const ours = batch.filter((message) => message.properties.get('run') === run);
  await Promise.all(batch.map((message) => consumer.ack(message)));
  for (const message of ours) {
    received.push(message.body.toString());
    mark('consumer', 'delivered', { id: message.body.toString() });
  }
  return ours.length;
}
const firstReceive = consumer.receive(16, 15_000).then(take); // fixes where the group starts reading

const producer = await start(new Producer({
  ...connection(), topic,
  // The broker calls this for a half message that was neither committed nor rolled back in time.
  // This cell always decides, so it should not be called; chapter 5 shows when it is.
  checker: { async check(message: MessageView) {
    console.log(`  check-back for ${message.body.toString()}: roll it back`);
    return TransactionResolution.ROLLBACK;
  } },
}));

for (const [order, decision] of [['order #1', 'commit'], ['order #2', 'rollback']] as const) {
  const transaction = producer.beginTransaction();
  const receipt = await producer.send({ topic, properties: new Map([['run', run]]), body: Buffer.from(order) }, transaction);
  mark('producer', 'half sent', { id: order });
  console.log(`${order}: half message stored (transactionId ${receipt.transactionId}); the local work happens now`);
  // Here the producer's own database transaction would run; its outcome decides.
  if (decision === 'commit') await transaction.commit();
  else await transaction.rollback();
  mark('producer', decision === 'commit' ? 'committed' : 'rolled back', { id: order });
  console.log(`${order}: ${decision === 'commit' ? 'committed' : 'rolled back'}`);
}

// Read until the committed order is there, then until a long poll brings nothing more of this run.
await firstReceive;
while (!received.includes('order #1')) await take(await consumer.receive(16, 15_000));
while (await take(await consumer.receive(16, 15_000)));
console.log(`summary: the consumer received ${received.join(', ') || 'nothing'}; ` +
  (received.includes('order #2') ? 'the rolled-back order #2 arrived too' : 'the rolled-back order #2 never reached it'));

await finish();
