// @timeout 120s
// Check for "dead letters". The check sends five payments itself, two of them poison, and notes
// their message ids. It reads the dead-letter topic of the program's group with a group of its
// own: exactly the two poison messages must get there (the same messages, so the same ids),
// and none of the good payments. The program must report the same ids as its dead letters.
import { FilterExpression, Producer, SimpleConsumer } from 'rocketmq-client-nodejs';
import { report, runUnderTest } from '../../../lib/exercise.ts';
import { connection, runId, sleep, start } from '../../../lib/workbook.ts';

const exercise = '04-consuming/exercises/dead-letters';
const topic = 'exercise-payments';
const deadLetterTopic = '%DLQ%exercise-payments-consumer';
const run = runId();
const payments = [
  { body: '{"id":"P1","amount":30}', poison: false },
  { body: 'PAYMENT P2 30 EUR', poison: true },
  { body: '{"id":"P3","amount":12}', poison: false },
  { body: '{"id":"P4","amount":-5}', poison: true },
  { body: '{"id":"P5","amount":7}', poison: false },
];

// The audit: the check's own group on the dead-letter topic, polling before anything is sent.
const audit = await start(new SimpleConsumer({
  ...connection(),
  consumerGroup: 'exercise-payments-check',
  subscriptions: new Map([[deadLetterTopic, FilterExpression.SUB_ALL]]),
  awaitDuration: 3000,
}));
const inDeadLetterTopic = new Set<string>();
let programEnded = 0;
const auditing = (async () => {
  while (!programEnded || Date.now() - programEnded < 5000) {
    for (const message of await audit.receive(16, 15_000)) {
      if (message.properties.get('run') === run) inDeadLetterTopic.add(message.messageId);
      await audit.ack(message);
    }
  }
})();

let ready = false;
const programRun = runUnderTest(exercise, {
  runId: run, timeoutMs: 80_000,
  onStdout: (text) => void (ready ||= text.includes('waiting for payments')),
});
const readyBy = Date.now() + 30_000;
while (!ready && Date.now() < readyBy) await sleep(100);
await sleep(1000); // its first long poll is open
const producer = await start(new Producer({ ...connection(), topic }));
const sent: { id: string; poison: boolean }[] = [];
for (const payment of payments) {
  const receipt = await producer.send({ topic, properties: new Map([['run', run]]), body: Buffer.from(payment.body) });
  sent.push({ id: receipt.messageId, poison: payment.poison });
}
const program = await programRun;
programEnded = Date.now();
await auditing;

const poisonIds = sent.filter((s) => s.poison).map((s) => s.id);
const goodIds = sent.filter((s) => !s.poison).map((s) => s.id);
const reported = /^dead letters: ?(.*)$/m.exec(program.stdout)?.[1].split(', ').filter(Boolean) ?? [];
const missing = poisonIds.filter((id) => !inDeadLetterTopic.has(id));
const goodDead = goodIds.filter((id) => inDeadLetterTopic.has(id));
const strangers = [...inDeadLetterTopic].filter((id) => !sent.some((s) => s.id === id));
await report([
  { what: 'the program ran to the end', ok: program.exitCode === 0 && !program.timedOut,
    fix: program.timedOut ? 'it did not finish in time' : `it exited with code ${program.exitCode}; see its output above` },
  { what: `both poison messages reached ${deadLetterTopic}`, ok: missing.length === 0,
    fix: `${missing.length} did not: a message reaches the dead-letter topic only by failing its deliveries (no ack), not when you acknowledge it` },
  { what: 'no good payment reached it', ok: goodDead.length === 0,
    fix: `${goodDead.length} good payments did: acknowledge the messages you handled` },
  { what: 'only the messages the check sent are there, not copies', ok: strangers.length === 0,
    fix: `${strangers.length} messages with ids the check never sent: the broker moves the failed message itself, no producer needed` },
  { what: 'the program read the dead letters back', ok: reported.length === poisonIds.length && poisonIds.every((id) => reported.includes(id)),
    fix: `it reported ${reported.length ? reported.join(', ') : 'none'}: read ${deadLetterTopic} with a consumer group of its own` },
]);
