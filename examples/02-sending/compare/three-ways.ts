// @timeout 180s
// The same messages sent three ways, measured on your machine: sync (one at a time), async (a
// bounded number in flight) and one-way (all at once, nobody waiting). The chart draws how many
// the broker had stored as time went on, one line per way.
import { Producer } from 'rocketmq-client-nodejs';
import { connection, emit, finish, start } from '../../lib/workbook.ts';

const MESSAGES = 200;
const ASYNC_IN_FLIGHT = 32;
const topic = 'sending';

const producer = await start(new Producer({ ...connection(), topic }));
// A few sends first: the first ones on a new connection are slower and would skew the numbers.
for (let i = 0; i < 5; i++) await producer.send({ topic, tag: 'warm-up', body: Buffer.from('warm-up') });

type Way = 'sync' | 'async' | 'oneWay';

/** Send one message, recording its latency; every 10th stored message becomes a point on the chart. */
function measured(way: Way, began: number, results: { latencies: number[]; failed: number }) {
  return async (i: number) => {
    const sentAt = performance.now();
    try {
      await producer.send({ topic, tag: way, body: Buffer.from(`${way} #${i}`) });
      results.latencies.push(performance.now() - sentAt);
      const stored = results.latencies.length;
      if (stored % 10 === 0 || stored === MESSAGES) emit({ kind: 'stored', t: Math.round(performance.now() - began), [way]: stored });
    } catch {
      results.failed++;
    }
  };
}

async function run(way: Way) {
  const results = { latencies: [] as number[], failed: 0 };
  const began = performance.now();
  const send = measured(way, began, results);
  let callerFreeAfter = 0;
  if (way === 'sync') {
    for (let i = 1; i <= MESSAGES; i++) await send(i);
  } else if (way === 'async') {
    let next = 1;
    const worker = async () => { while (next <= MESSAGES) await send(next++); };
    await Promise.all(Array.from({ length: ASYNC_IN_FLIGHT }, worker));
  } else {
    const pending: Promise<void>[] = [];
    for (let i = 1; i <= MESSAGES; i++) pending.push(send(i)); // send() never rejects here: measured() catches
    callerFreeAfter = performance.now() - began;
    // Only to measure: a one-way caller would not wait. With all of them in flight at once, a busy
    // machine can take longer than requestTimeout (3 s) for some: they fail, are retried at once,
    // and add to the pile. The failed column counts them.
    await Promise.all(pending);
  }
  const totalMs = performance.now() - began;
  const sorted = [...results.latencies].sort((a, b) => a - b);
  const percentile = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
  return { way, totalMs, perSecond: (results.latencies.length / totalMs) * 1000, p50: percentile(50), p99: percentile(99),
    stored: results.latencies.length, failed: results.failed, callerFreeAfter };
}

const rows = [];
for (const way of ['sync', 'async', 'oneWay'] as const) rows.push(await run(way));

const name = { sync: 'sync', async: `async (${ASYNC_IN_FLIGHT} in flight)`, oneWay: 'one-way' };
console.log(`${MESSAGES} messages each way:`);
console.log();
console.log('way                  messages/s   latency p50   latency p99   stored   failed');
for (const row of rows) {
  console.log(`${name[row.way].padEnd(20)} ${String(Math.round(row.perSecond)).padStart(10)}   ${row.p50.toFixed(1).padStart(8)} ms   ${
    row.p99.toFixed(1).padStart(8)} ms   ${String(row.stored).padStart(6)}   ${String(row.failed).padStart(6)}`);
}
const oneWay = rows[2];
console.log();
console.log(`one-way: the loop that called send() ${MESSAGES} times returned after ${oneWay.callerFreeAfter.toFixed(1)} ms; ` +
  `the last send settled after ${oneWay.totalMs.toFixed(0)} ms (${oneWay.stored} stored, ${oneWay.failed} failed)`);
const [sync, async] = rows;
console.log(`summary: async sent ${(async.perSecond / sync.perSecond).toFixed(1)}x as many messages per second as sync, ` +
  `one-way ${(oneWay.perSecond / sync.perSecond).toFixed(1)}x`);

await finish();
