import { FilterExpression, Producer, SimpleConsumer } from 'rocketmq-client-nodejs';
import { connection, finish, runId, sleep, start } from '../../lib/workbook.ts';
const topic = 'user-events';
const run = runId();
const producer = await start(new Producer({ ...connection(), topic }));
const c = await start(new SimpleConsumer({ ...connection(), consumerGroup: 'scratch-off', subscriptions: new Map([[topic, FilterExpression.SUB_ALL]]), awaitDuration: 3000 }));
for (let n = 0; n < 5; n++) { const r = await producer.send({ topic, tag: 't', properties: new Map([['run', run]]), body: Buffer.from(String(n)) }); console.log('sent', n, r.messageQueue.queueId, r.offset, r.messageId); }
for (let i = 0; i < 3; i++) for (const m of await c.receive(16, 15000)) { if (m.properties.get('run') === run) console.log('recv', m.body.toString(), m.offset, m.messageId, m.receiptHandle.slice(0, 80)); await c.ack(m); }
await finish();
