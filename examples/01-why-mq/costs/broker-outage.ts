// @timeout 120s
// Availability: with a queue in the middle, the broker is one more thing that can go down.
// This cell sends one message every 500 ms for 90 s and prints what each send sees. While it
// runs, stop the broker in a terminal and start it again:
//   npm run broker -- stop        (wait a few seconds)        npm run broker -- start
import { Producer } from 'rocketmq-client-nodejs';
import { connection, finish, sleep, start } from '../../lib/workbook.ts';

const DURATION_MS = 90_000;
const INTERVAL_MS = 500;
// Once the broker is back, stop early after this many good sends in a row.
const ENOUGH_AFTER_RECOVERY = 10;
const topic = 'outage-drill';

const startedAt = Date.now();
const t = () => `t=${((Date.now() - startedAt) / 1000).toFixed(1).padStart(4)}s`;

let producer: Producer;
try {
  producer = await start(new Producer({ ...connection(), topic }));
} catch (error) {
  // Against a stopped broker, startup() gives up after about 3 s.
  console.log(`the producer could not start: ${(error as Error).message.split('\n')[0]}`);
  console.log('start the broker (npm run broker -- start) and run this again');
  await finish(1);
}

let sent = 0;
let ok = 0;
let failed = 0;
let firstFailureAt = 0; // when the outage began, as the producer saw it
let recoveredAt = 0; // the first good send after a failure
let goodInARow = 0;

while (Date.now() - startedAt < DURATION_MS) {
  const sendStart = Date.now();
  sent++;
  try {
    const receipt = await producer!.send({ topic, tag: 'tick', body: Buffer.from(`tick ${sent}`) });
    ok++;
    goodInARow++;
    if (firstFailureAt && !recoveredAt) {
      recoveredAt = Date.now();
      console.log(`${t()}  #${sent} OK again: the producer reconnected by itself`);
    } else {
      console.log(`${t()}  #${sent} OK   (${Date.now() - sendStart} ms, offset ${receipt.offset})`);
    }
  } catch (error) {
    failed++;
    goodInARow = 0;
    if (!firstFailureAt) firstFailureAt = Date.now();
    // The client already retried (maxAttempts, 3 by default) before giving up on this message.
    // It is not stored anywhere: keeping it, and sending it again, is the caller's job.
    const reason = (error as Error).message.split('\n')[0].slice(0, 110);
    console.log(`${t()}  #${sent} FAILED after ${Date.now() - sendStart} ms: ${reason}`);
  }
  if (recoveredAt && goodInARow >= ENOUGH_AFTER_RECOVERY) break;
  await sleep(Math.max(0, INTERVAL_MS - (Date.now() - sendStart)));
}

console.log();
const recovery = recoveredAt ? `recovered after ${((recoveredAt - firstFailureAt) / 1000).toFixed(1)} s` :
  firstFailureAt ? 'not recovered yet' : 'no outage seen (stop the broker while this runs)';
console.log(`summary: sent ${sent}, ok ${ok}, failed ${failed}, ${recovery}`);

await finish();
