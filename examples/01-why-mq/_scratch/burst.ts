import { Producer } from 'rocketmq-client-nodejs';
import { connection, finish, start, runId } from '../../lib/workbook.ts';
const N = Number(process.argv[2] ?? 2000);
const CONC = Number(process.argv[3] ?? 64);
const producer = await start(new Producer({ ...connection(), topic: 'flash-sale' }));
const run = runId();
const t0 = Date.now();
let next = 0, ok = 0, fail = 0;
const queues = new Map<number, number>();
async function worker() {
  while (next < N) {
    const i = next++;
    try {
      const r = await producer.send({ topic: 'flash-sale', tag: 'scratch', keys: [`${run}-${i}`], body: Buffer.from(`req ${i}`) });
      ok++; queues.set(r.messageQueue.queueId, (queues.get(r.messageQueue.queueId) ?? 0) + 1);
    } catch (e) { fail++; if (fail < 3) console.log(String(e)); }
  }
}
await Promise.all(Array.from({ length: CONC }, worker));
console.log({ N, CONC, ok, fail, ms: Date.now() - t0, queues: [...queues] });
await finish();
