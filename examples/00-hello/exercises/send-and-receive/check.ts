// @timeout 60s
// Check for "send and receive": runs the program, then asks the broker rather than believing the
// printout: which messages it stored under the run's keys, whether it handed them to the
// program's consumer group, and whether any came back because nobody acknowledged them.
import { handedTo, redeliveries, storedWithKey, type Located } from '../../../lib/broker-audit.ts';
import { report, runUnderTest } from '../../../lib/exercise.ts';
import { runId, sleep } from '../../../lib/workbook.ts';

const topic = 'hello';
const run = runId();
const group = `exercise-hello-${run}`;
const keys = [`${run}-1`, `${run}-2`, `${run}-3`];
/** The program's messages are invisible for 10 s once received; the broker writes unacknowledged ones to the group's retry topic a few seconds later. */
const COMES_BACK_WITHIN_MS = 18_000;

const program = await runUnderTest('00-hello/exercises/send-and-receive', { runId: run, timeoutMs: 30_000 });

// What the broker stored under each key, from its index: only this run's tag counts.
const storedUnder = new Map<string, Located[]>();
for (const key of keys) {
  storedUnder.set(key, (await storedWithKey(topic, key, storedUnder.size === 0 ? 5000 : 1000)).filter((message) => message.tag === run));
}
const stored = new Map(keys.flatMap((key) => storedUnder.get(key)?.length === 1 ? [[key, storedUnder.get(key)![0]] as const] : []));
const allStored = stored.size === keys.length;

// The group's offsets on the broker say whether the program really received them.
const handed = allStored ? await handedTo(group, [...stored.values()]) : [];
const allHanded = handed.length === keys.length;

// A message handed out and never acknowledged goes to the group's retry topic after its invisible time.
let cameBack = 0;
if (allHanded) {
  console.log(`watching the group ${group} for ${COMES_BACK_WITHIN_MS / 1000} s: the broker hands out again what is not acknowledged…`);
  const until = Date.now() + COMES_BACK_WITHIN_MS;
  while (Date.now() < until && (cameBack = await redeliveries(group, topic)) === 0) await sleep(1000);
}

const printed = (line: (key: string) => RegExp) => keys.filter((key) => line(key).test(program.stdout));
const sentLines = printed((key) => new RegExp(`^sent ${key}: message id ${stored.get(key)?.messageId}\\s*$`, 'm'));
const receivedLines = printed((key) => new RegExp(`^received ${key}: ${escape(stored.get(key)?.body.toString() ?? '')}\\s*$`, 'm'));
const notStored = keys.filter((key) => storedUnder.get(key)?.length === 0);
const twice = keys.filter((key) => (storedUnder.get(key)?.length ?? 0) > 1);

await report([
  {
    what: 'the program ran to the end',
    ok: program.exitCode === 0 && !program.timedOut,
    fix: program.timedOut ? 'it did not finish within 30 s' : `it exited with code ${program.exitCode}; see its output above`,
  },
  {
    what: `the broker stored three messages tagged ${run}, one under each key ${keys.join(', ')}`,
    ok: allStored,
    fix: twice.length ? `${twice.join(', ')} stored more than once: send each key once`
      : `nothing stored under ${notStored.join(', ')}: send each key with producer.send({ topic, tag: run, keys: [key], body })`,
  },
  {
    what: 'the program printed the message id of each send',
    ok: allStored && sentLines.length === keys.length,
    fix: 'print `sent <key>: message id <receipt.messageId>` after each send',
  },
  {
    what: `the broker handed the three messages to the program's group ${group}`,
    ok: allHanded,
    fix: allStored
      ? `the group was never handed ${keys.filter((key) => !handed.includes(stored.get(key)!)).join(', ')}: receive them with consumer.receive() and print what it returns, not what you sent`
      : 'nothing to receive until the sends work',
  },
  {
    what: 'the program printed each message it received, with its body',
    ok: allHanded && receivedLines.length === keys.length,
    fix: allHanded ? 'print `received <key>: <message.body.toString()>` for each message received' : 'not checked until the group receives all three',
  },
  {
    what: 'the program acknowledged what it received: the broker put nothing back for redelivery',
    ok: allHanded && cameBack === 0,
    fix: allHanded
      ? `${cameBack} came back after the invisible time: call await consumer.ack(message) for each message`
      : 'not checked until the group receives all three',
  },
]);

/** A string as a literal part of a regular expression. */
function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
