// @timeout 90s
// Check for "absorb the burst": runs the program, reads the topic with its own consumer group to
// see what the program really published, then asks the broker whether a consumer group received
// those orders: a program could publish them and still feed the warehouse from memory.
import { describeHanded, groupsHanded, storedById } from '../../../lib/broker-audit.ts';
import { auditTopic, report, runUnderTest } from '../../../lib/exercise.ts';
import { runId } from '../../../lib/workbook.ts';

const topic = 'exercise-backlog';
const BURST = 300;
const run = runId();
const auditGroup = 'exercise-backlog-check';

const audit = await auditTopic(topic, auditGroup, run);
const program = await runUnderTest('01-why-mq/exercises/absorb-the-burst', { runId: run });
const published = await audit.stop(BURST);

// How many of this run's orders the broker handed to each consumer group other than the check's own.
const stored = await storedById(topic, published.map((message) => message.messageId));
const handed = stored.length === BURST ? await groupsHanded(stored, [auditGroup]) : new Map<string, number>();
const mostHanded = Math.max(0, ...handed.values());

const accepted = /^accepted (\d+) of \d+ orders, rejected (\d+)/m.exec(program.stdout);
const handled = /^warehouse handled (\d+) orders \((\d+) different\)/m.exec(program.stdout);
await report([
  { what: 'the program ran to the end', ok: program.exitCode === 0 && !program.timedOut,
    fix: program.timedOut ? 'it did not finish within 45 s' : `it exited with code ${program.exitCode}; see its output above` },
  { what: `all ${BURST} orders were accepted`, ok: accepted?.[1] === String(BURST),
    fix: accepted ? `${accepted[2]} were rejected: placeOrder should publish to the topic, not call the warehouse` : 'the program did not print its "accepted" line' },
  { what: `${BURST} orders of this run reached the topic ${topic}`, ok: published.length === BURST,
    fix: `the topic got ${published.length}; publish each order with the run id in the property "run"` },
  { what: `the worker's consumer group received all ${BURST} orders from the broker`, ok: mostHanded === BURST,
    fix: published.length !== BURST ? 'not checked until every order reaches the topic'
      : mostHanded === 0 ? 'no consumer group received any: runWorker should take the orders from the topic with worker.receive(), not from memory'
        : `no consumer group received them all (${describeHanded(handed)}): the worker stopped receiving too early` },
  { what: 'the warehouse handled every order exactly once', ok: handled?.[1] === String(BURST) && handled[2] === String(BURST),
    fix: handled ? `it handled ${handled[1]} (${handled[2]} different): runWorker should receive from the topic and hand each order to warehouseHandle()` : 'the program did not print its "warehouse handled" line' },
]);
