// @timeout 180s
// @outage
// Retries: what the client's maxAttempts does when the broker goes away, and what your own
// retry loop adds. A "tick" goes out every 500 ms with the client's retries only. When the first
// tick fails, one order is sent with a retry loop of its own: backoff, and a deadline.
// While this runs, stop the broker for a few seconds (the control beside Run, or a terminal:
//   npm run broker -- stop        (wait a few seconds)        npm run broker -- start).
import { Producer } from 'rocketmq-client-nodejs';
import { connection, finish, sleep, start } from '../../lib/workbook.ts';

const DURATION_MS = 150_000;
// With no outage by then, the run ends: stop the broker within this long after Run.
const WAIT_FOR_OUTAGE_MS = 30_000;
const TICK_EVERY_MS = 500;
// The client's own retries: every failed attempt is tried again at once, up to this many in all.
const MAX_ATTEMPTS = 3;
// Your retry loop for the order: wait 250 ms, 500 ms, 1 s, … (at most 4 s) between tries, and
// give up after this long. The deadline bounds how long a customer can be kept waiting.
const ORDER_DEADLINE_MS = 120_000;
const topic = 'sending-retries';

const startedAt = Date.now();
const t = () => `t=${((Date.now() - startedAt) / 1000).toFixed(1).padStart(5)}s`;

// The client reports each retry to its logger ("would attempt to resend right now"): count them.
let retriesOfThisTick = 0;
const base = connection();
const countingLogger = {
  ...base.logger,
  warn: (format: unknown, ...args: unknown[]) => {
    if (String(format).includes('would attempt to resend')) retriesOfThisTick++;
    base.logger.warn(format, ...args);
  },
};

let ticks: Producer;
let orders: Producer;
try {
  ticks = await start(new Producer({ ...base, logger: countingLogger, topic, maxAttempts: MAX_ATTEMPTS }));
  // The order's producer leaves retrying to the loop below: one attempt per try.
  orders = await start(new Producer({ ...base, topic, maxAttempts: 1 }));
} catch (error) {
  console.log(`the producers could not start: ${(error as Error).message.split('\n')[0]}`);
  console.log('start the broker (npm run broker -- start) and run this again');
  await finish(1);
}

/** Send with retries of our own: exponential backoff until the deadline. Resolves with what happened. */
async function sendWithRetry(body: string) {
  const began = Date.now();
  for (let tryNumber = 1, pause = 250; ; tryNumber++, pause = Math.min(pause * 2, 4000)) {
    try {
      const receipt = await orders!.send({ topic, tag: 'order', body: Buffer.from(body) });
      return { stored: true, tries: tryNumber, afterMs: Date.now() - began, messageId: receipt.messageId };
    } catch (error) {
      const left = ORDER_DEADLINE_MS - (Date.now() - began);
      console.log(`${t()}    order: try ${tryNumber} failed (${(error as Error).message.split(':')[0]}), ` +
        (left > pause ? `next try in ${pause / 1000} s` : 'deadline reached, giving up'));
      if (left <= pause) return { stored: false, tries: tryNumber, afterMs: Date.now() - began };
      await sleep(pause);
    }
  }
}

let sent = 0;
let ok = 0;
let failed = 0;
let firstFailureAt = 0;
let recoveredAt = 0;
let goodInARow = 0;
let slowestFailureMs = 0;
let lastReport = 0;
const attemptsPerFailure = new Set<number>();
let order: ReturnType<typeof sendWithRetry> | undefined;
let orderOutcome: Awaited<ReturnType<typeof sendWithRetry>> | undefined;

while (Date.now() - startedAt < DURATION_MS) {
  const sendStart = Date.now();
  sent++;
  retriesOfThisTick = 0;
  try {
    await ticks!.send({ topic, tag: 'tick', body: Buffer.from(`tick ${sent}`) });
    ok++;
    goodInARow++;
    if (firstFailureAt && !recoveredAt) {
      recoveredAt = Date.now();
      console.log(`${t()}  tick #${sent} OK again: the producer reconnected by itself`);
    } else {
      console.log(`${t()}  tick #${sent} OK (${Date.now() - sendStart} ms${retriesOfThisTick ? `, after ${retriesOfThisTick} retries` : ''})`);
    }
  } catch (error) {
    failed++;
    goodInARow = 0;
    const tookMs = Date.now() - sendStart;
    slowestFailureMs = Math.max(slowestFailureMs, tookMs);
    attemptsPerFailure.add(1 + retriesOfThisTick);
    // The first few failures in full, then one line every 5 s while the broker stays away.
    if (failed <= 3 || Date.now() - lastReport >= 5000) {
      lastReport = Date.now();
      const reason = (error as Error).message.split('\n')[0].replace(/^(.{70}).+/, '$1…');
      console.log(`${t()}  tick #${sent} FAILED after ${1 + retriesOfThisTick} attempts in ${tookMs} ms: ${reason}` +
        (failed > 3 ? ` (${failed} failed so far)` : ''));
    }
    if (!firstFailureAt) {
      firstFailureAt = Date.now();
      console.log(`${t()}    order: the broker is away; sending order #1 with a retry loop of its own`);
      order = sendWithRetry('order #1');
      void order.then((outcome) => {
        orderOutcome = outcome;
        console.log(`${t()}    order: ${outcome.stored ? `stored on try ${outcome.tries}` : `NOT stored after ${outcome.tries} tries`}, ` +
          `${(outcome.afterMs / 1000).toFixed(1)} s after its first try`);
      });
    }
  }
  if (recoveredAt && goodInARow >= 5 && orderOutcome) break;
  if (!firstFailureAt && Date.now() - startedAt > WAIT_FOR_OUTAGE_MS) break;
  await sleep(Math.max(0, TICK_EVERY_MS - (Date.now() - sendStart)));
}
await order;

console.log();
if (!firstFailureAt) {
  console.log(`summary: no outage seen in ${WAIT_FOR_OUTAGE_MS / 1000} s (stop the broker while this runs)`);
} else {
  console.log(`ticks: sent ${sent}, ok ${ok}, failed ${failed}; each failed tick was tried ${[...attemptsPerFailure].join(' or ')} ` +
    `times, the slowest failure took ${slowestFailureMs} ms; ${recoveredAt ? `ticks recovered after ${((recoveredAt - firstFailureAt) / 1000).toFixed(1)} s` : 'not recovered yet'}`);
  console.log(`summary: order #1 ${orderOutcome?.stored ? 'stored' : 'NOT stored'} after ${orderOutcome?.tries} tries in ` +
    `${((orderOutcome?.afterMs ?? 0) / 1000).toFixed(1)} s; ${failed} ticks lost`);
}

await finish();
