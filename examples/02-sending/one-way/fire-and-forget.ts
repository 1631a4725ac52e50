// @timeout 60s
// One-way sending: call send() and move on, never looking at the result. The Go client's
// SendOneway sends no reply at all; this client has no such call. Its send() always waits for the
// broker's answer, and one-way is the caller not waiting. The .catch is never optional: a send
// that fails with nobody listening is an unhandled rejection, and Node ends the whole process.
import { Producer, type MessageOptions } from 'rocketmq-client-nodejs';
import { connection, finish, sleep, start } from '../../lib/workbook.ts';

const MESSAGES = 20;
// Edit me: false sends without .catch, and the first failure ends the process (exit code 1).
const WITH_CATCH = true;
const topic = 'sending';

const producer = await start(new Producer({ ...connection(), topic }));

let failures = 0;
// One-way still needs a list of what is in flight, for one reason: shutting down (see below).
const inFlight: Promise<void>[] = [];

function sendOneWay(message: MessageOptions) {
  if (!WITH_CATCH) {
    void producer.send(message);
    return;
  }
  inFlight.push(producer.send(message).then(() => {}, (error: Error) => {
    failures++;
    console.log(`.catch: a one-way send failed: ${error.message.split('\n')[0].slice(0, 100)}`);
  }));
}

const began = performance.now();
for (let i = 1; i <= MESSAGES; i++) sendOneWay({ topic, tag: 'one-way', body: Buffer.from(`event #${i}`) });
// Two sends that fail: a topic that does not exist, and a body over the 4 MiB limit.
sendOneWay({ topic: 'no-such-topic', body: Buffer.from('lost') });
sendOneWay({ topic, body: Buffer.alloc(5 * 1024 * 1024) });
console.log(`called send() ${MESSAGES + 2} times in ${(performance.now() - began).toFixed(1)} ms, without waiting for any of them`);

// The sends finish in the background. Shutting the producer down under them would fail them
// (the last cell of this chapter shows it), so wait for all of them first.
if (WITH_CATCH) await Promise.all(inFlight);
else await sleep(3000); // without .catch there is nothing to wait on: just give them time
console.log(`all settled after ${(performance.now() - began).toFixed(0)} ms`);
console.log(`summary: ${MESSAGES + 2} one-way sends, ${failures} failures reached .catch`);

await finish();
