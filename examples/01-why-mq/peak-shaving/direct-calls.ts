// The same flash sale without a queue: every "buy" calls the warehouse service directly and
// waits for its answer. The service handles the same fixed number of orders per second as the
// worker next door, and can hold only so many callers while it is busy. No RocketMQ here.
import { emit, finish, sleep } from '../../lib/workbook.ts';

const BURST = 2000; // requests in the flash sale
const BURST_SECONDS = 1; // ...arriving over about this long
const WORKER_RATE = 250; // orders per second the warehouse service can handle
const MAX_WAITING = 300; // callers it can hold while busy (its threads and accept queue)
const CALLER_TIMEOUT_MS = 1000; // a caller gives up after this long

type Outcome = 'served' | 'rejected' | 'timed out';

// The warehouse service, simulated in this process: it works through waiting callers in
// arrival order at WORKER_RATE, and answers "503 busy" at once when MAX_WAITING are waiting.
const waiting: { answer: (outcome: Outcome) => void; gaveUp: boolean }[] = [];
let wasted = 0; // work done for callers who had already given up
let budget = 0;
let lastTick = Date.now();
const service = setInterval(() => {
  budget += ((Date.now() - lastTick) * WORKER_RATE) / 1000;
  lastTick = Date.now();
  while (budget >= 1 && waiting.length > 0) {
    budget -= 1;
    const caller = waiting.shift()!;
    if (caller.gaveUp) wasted++;
    else caller.answer('served');
  }
  if (waiting.length === 0) budget = Math.min(budget, 1); // idle time is not saved up
}, 10);

function callWarehouse(): Promise<Outcome> {
  if (waiting.length >= MAX_WAITING) return Promise.resolve('rejected'); // 503 Service Unavailable
  return new Promise((resolve) => {
    const caller = { answer: resolve, gaveUp: false };
    waiting.push(caller);
    // The caller's own timeout; the service does not know the caller has left.
    setTimeout(() => { caller.gaveUp = true; resolve('timed out'); }, CALLER_TIMEOUT_MS);
  });
}

let requested = 0;
const outcomes = { served: 0, rejected: 0, 'timed out': 0 };
const startedAt = Date.now();
const seconds = () => (Date.now() - startedAt) / 1000;

// Every 100 ms a sample for the chart; every half second a line for the reader.
let samples = 0;
function sample() {
  const { served, rejected } = outcomes;
  const timedOut = outcomes['timed out'];
  emit({ kind: 'sample', t: Number(seconds().toFixed(2)), requested, served, rejected, timedOut });
  if (samples++ % 5 === 0) {
    console.log(`t=${seconds().toFixed(1).padStart(4)}s  requested ${String(requested).padStart(4)}  ` +
      `served ${String(served).padStart(4)}  rejected ${String(rejected).padStart(4)}  timed out ${String(timedOut).padStart(4)}`);
  }
}
sample();
const sampler = setInterval(sample, 100);

// The burst: BURST customers press "buy" within about BURST_SECONDS, in 20 waves.
const calls: Promise<void>[] = [];
for (let wave = 0; wave < 20; wave++) {
  for (let i = 0; i < BURST / 20; i++) {
    requested++;
    calls.push(callWarehouse().then((outcome) => { outcomes[outcome]++; }));
  }
  await sleep((BURST_SECONDS * 1000) / 20);
}
await Promise.all(calls);
clearInterval(sampler);
clearInterval(service);
sample();
const { served, rejected } = outcomes;
const timedOut = outcomes['timed out'];

console.log();
console.log(`summary: burst ${BURST}, served ${served}, rejected ${rejected}, timed out ${timedOut}, ` +
  `over in ${seconds().toFixed(1)} s`);
console.log(`${rejected + timedOut} of ${BURST} customers saw an error; the service also worked on ${wasted} ` +
  `orders whose callers had already given up`);

await finish();
