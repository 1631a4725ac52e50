// @timeout 60s
// Check for "send and receive": runs the program, reads what really reached the broker with a
// consumer group of its own, then watches the program's group to see whether anything comes back.
import { SimpleConsumer, type MessageView } from 'rocketmq-client-nodejs';
import { report, runUnderTest } from '../../../lib/exercise.ts';
import { connection, runId, sleep, start } from '../../../lib/workbook.ts';

const topic = 'hello';
const run = runId();
const keys = [`${run}-1`, `${run}-2`, `${run}-3`];
/** The program's messages are invisible for 10 s; the broker hands unacknowledged ones out again within a few more. */
const COMES_BACK_WITHIN_MS = 18_000;

/** A consumer that reads only this run's messages (their tag is the run id) in `group`. */
const reader = (group: string) => start(new SimpleConsumer({
  ...connection(),
  consumerGroup: group,
  subscriptions: new Map([[topic, run]]),
  awaitDuration: 3000,
}));

// The check's own group, started before the program sends, sees every message of this run
// that the broker stored, whatever the program does with its own group.
const audit = await reader(`exercise-hello-check-${run}`);
const stored = new Map<string, MessageView>();
void readAll(audit, (message) => stored.set(message.keys[0], message));

const program = await runUnderTest('00-hello/exercises/send-and-receive', { runId: run, timeoutMs: 30_000 });

// Whatever the program received but did not acknowledge reappears in its group: watch for it
// (while the audit picks up the last stored messages).
const printedAllReceived = keys.every((key) => new RegExp(`^received ${key}: `, 'm').test(program.stdout));
const cameBack = new Set<string>();
if (printedAllReceived) {
  console.log(`watching the group exercise-hello-${run} for ${COMES_BACK_WITHIN_MS / 1000} s: unacknowledged messages come back…`);
  void readAll(await reader(`exercise-hello-${run}`), (message) => cameBack.add(message.keys[0]));
  await sleep(COMES_BACK_WITHIN_MS);
} else {
  await waitFor(() => stored.size === keys.length, 4000);
}

const printed = (pattern: (key: string) => RegExp) => keys.filter((key) => pattern(key).test(program.stdout));
const sentLines = printed((key) => new RegExp(`^sent ${key}: message id ${stored.get(key)?.messageId}\\s*$`, 'm'));
const receivedLines = printed((key) => new RegExp(`^received ${key}: ${escape(stored.get(key)?.body.toString() ?? '')}\\s*$`, 'm'));
const allStored = keys.every((key) => stored.has(key));
const allReceived = allStored && receivedLines.length === keys.length;

await report([
  {
    what: 'the program ran to the end',
    ok: program.exitCode === 0 && !program.timedOut,
    fix: program.timedOut ? 'it did not finish within 30 s' : `it exited with code ${program.exitCode}; see its output above`,
  },
  {
    what: `the broker stored three messages tagged ${run}, with the keys ${keys.join(', ')}`,
    ok: allStored,
    fix: `it stored ${stored.size}: send each key with producer.send({ topic, tag: run, keys: [key], body })`,
  },
  {
    what: 'the program printed the message id of each send',
    ok: allStored && sentLines.length === keys.length,
    fix: 'print `sent <key>: message id <receipt.messageId>` after each send',
  },
  {
    what: 'the program received all three and printed each body',
    ok: allReceived,
    fix: allStored ? 'print `received <key>: <message.body.toString()>` for each message received' : 'nothing to receive until the sends work',
  },
  {
    what: 'the program acknowledged what it received: nothing came back to its group',
    ok: printedAllReceived && cameBack.size === 0,
    fix: printedAllReceived
      ? `${[...cameBack].join(', ')} came back after the invisible time: call await consumer.ack(message)`
      : 'not checked until the program receives all three',
  },
]);

/** Receive, acknowledge and hand on every message until the process ends (finish() stops the open poll). */
async function readAll(consumer: SimpleConsumer, handle: (message: MessageView) => void): Promise<void> {
  try {
    for (;;) {
      for (const message of await consumer.receive(16, 15_000)) {
        handle(message);
        await consumer.ack(message);
      }
    }
  } catch {
    // the consumer was shut down while it waited
  }
}

/** Wait until `done()` holds, or `ms` have passed. */
async function waitFor(done: () => boolean, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!done() && Date.now() < until) await sleep(100);
}

/** A string as a literal part of a regular expression. */
function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
