// @timeout 150s
// @outage 15s
// Availability: with a queue in the middle, the broker is one more
// thing that can go down. This cell sends a message every 500 ms and
// prints what each send sees. When it says so, press "Pause the broker
// for 15 s" beside Run: the sandbox freezes the broker's JVM, as a hung
// machine or a very long garbage-collection pause would, and lets it go
// on 15 s later. (From a terminal, `npm run broker -- stop` and then
// `start` take the broker away for real.)
import { Producer } from 'rocketmq-client-nodejs';
import { outageCue } from '../../lib/outage.ts';
import { connection, finish, sleep, start } from '../../lib/workbook.ts';

const INTERVAL_MS = 500;
// How long to wait for the outage, and then for the broker to return.
const WAIT_FOR_OUTAGE_MS = 30_000;
const WAIT_FOR_RECOVERY_MS = 100_000;
// Once the broker is back, stop after this many good sends in a row.
const ENOUGH_AFTER_RECOVERY = 5;
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
// When the outage began, as the producer saw it (the start of the first
// failed send), and when it ended (the first good send after that).
let firstFailureAt = 0;
let recoveredAt = 0;
let goodInARow = 0;

for (;;) {
  const waited = firstFailureAt ? Date.now() - firstFailureAt : Date.now() - startedAt;
  if (!recoveredAt && waited > (firstFailureAt ? WAIT_FOR_RECOVERY_MS : WAIT_FOR_OUTAGE_MS)) break;
  const sendStart = Date.now();
  sent++;
  try {
    const receipt = await producer!.send({ topic, tag: 'tick', body: Buffer.from(`tick ${sent}`) });
    ok++;
    goodInARow++;
    if (firstFailureAt && !recoveredAt) {
      recoveredAt = Date.now();
      console.log(`${t()}  #${sent} OK again after ${Date.now() - sendStart} ms: the producer carried on by itself`);
    } else {
      console.log(`${t()}  #${sent} OK   (${Date.now() - sendStart} ms, offset ${receipt.offset})`);
    }
  } catch (error) {
    failed++;
    goodInARow = 0;
    if (!firstFailureAt) firstFailureAt = sendStart;
    // The client already tried three times (maxAttempts) before it gave
    // up, each attempt waiting up to requestTimeout (3 s by default).
    // The message is not stored anywhere: keeping it, and sending it
    // again, is the caller's job.
    const reason = (error as Error).message.split('\n')[0].slice(0, 110);
    console.log(`${t()}  #${sent} FAILED after ${Date.now() - sendStart} ms: ${reason}`);
  }
  if (sent === 3) outageCue(`${t()}  now pause the broker (the button beside Run), or stop it from a terminal`);
  if (recoveredAt && goodInARow >= ENOUGH_AFTER_RECOVERY) break;
  await sleep(Math.max(0, INTERVAL_MS - (Date.now() - sendStart)));
}

console.log();
const recovery = recoveredAt ? `recovered after ${((recoveredAt - firstFailureAt) / 1000).toFixed(1)} s` :
  firstFailureAt ? 'not recovered yet' : 'no outage seen (pause or stop the broker while this runs)';
console.log(`summary: sent ${sent}, ok ${ok}, failed ${failed}, ${recovery}`);

await finish();
