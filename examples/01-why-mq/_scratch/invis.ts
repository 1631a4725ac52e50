import { Producer, SimpleConsumer, FilterExpression } from 'rocketmq-client-nodejs';
import { connection, finish, start, runId } from '../../lib/workbook.ts';
const run = runId();
const consumer = await start(new SimpleConsumer({ ...connection(), consumerGroup: 'scratch-invis', subscriptions: new Map([['wallet-credits', new FilterExpression(run)]]), awaitDuration: 3000 }));
const producer = await start(new Producer({ ...connection(), topic: 'wallet-credits' }));
await consumer.receive(1, 10000).catch(e => console.log('first receive', String(e)));
await producer.send({ topic: 'wallet-credits', tag: run, body: Buffer.from('x') });
const t0 = Date.now();
try { const m = await consumer.receive(1, 2000); console.log('receive 2000 ok', m.length); } catch (e) { console.log('receive 2000:', String(e)); }
let msgs = await consumer.receive(1, 10000);
console.log('got', msgs.length, msgs[0]?.deliveryAttempt, Date.now() - t0);
try { await consumer.changeInvisibleDuration(msgs[0], 1000); console.log('change to 1000 ok'); } catch (e) { console.log('change:', String(e)); }
while (true) {
  msgs = await consumer.receive(1, 10000);
  if (msgs.length) { console.log('again', msgs[0].deliveryAttempt, Date.now() - t0); await consumer.ack(msgs[0]); break; }
}
await finish();
