import { FilterExpression, SimpleConsumer } from 'rocketmq-client-nodejs';
import { connection, finish, start } from '../../lib/workbook.ts';
const c = await start(new SimpleConsumer({ ...connection(), consumerGroup: 'probe-' + Date.now().toString(36), subscriptions: new Map([[process.argv[2] ?? 'hello', FilterExpression.SUB_ALL]]), awaitDuration: 3000 }));
for (let i = 0; i < 2; i++) {
  const ms = await c.receive(32, 10_000);
  console.log('batch', ms.length, ms.map((m) => `${m.offset}:${m.keys.join(',')}`).join(' '));
  for (const m of ms) await c.ack(m);
}
await finish();
