// @timeout 60s
// Check for "fan-out": runs the program, reads the topic with its own consumer group to see what
// the program really published, then asks the broker which consumer groups it handed those
// orders to: the printout alone could add up one group's share three times.
import { describeHanded, groupsHanded, storedById } from '../../../lib/broker-audit.ts';
import { auditTopic, report, runUnderTest } from '../../../lib/exercise.ts';
import { runId } from '../../../lib/workbook.ts';

const topic = 'exercise-fanout';
const ORDERS = 10;
const run = runId();
const auditGroup = 'exercise-fanout-check';

const audit = await auditTopic(topic, auditGroup, run);
const program = await runUnderTest('01-why-mq/exercises/fan-out', { runId: run });
const published = await audit.stop(ORDERS);

// Every group but the check's own that the broker handed all of this run's orders.
const stored = await storedById(topic, published.map((message) => message.messageId));
const handed = stored.length === ORDERS ? await groupsHanded(stored, [auditGroup]) : new Map<string, number>();
const groups = [...handed].filter(([, count]) => count === ORDERS).map(([group]) => group);

const received = (service: string) => {
  const line = new RegExp(`^${service} received (\\d+) of`, 'm').exec(program.stdout);
  return line ? Number(line[1]) : 0;
};
await report([
  { what: 'the program ran to the end', ok: program.exitCode === 0 && !program.timedOut,
    fix: program.timedOut ? 'it did not finish within 45 s' : `it exited with code ${program.exitCode}; see its output above` },
  { what: `${ORDERS} orders of this run reached the topic ${topic}`, ok: published.length === ORDERS,
    fix: `the topic got ${published.length}` },
  { what: `the broker handed all ${ORDERS} orders to three consumer groups, one per service`, ok: groups.length >= 3,
    fix: groups.length === 0 ? `no consumer group received them all (${describeHanded(handed)})`
      : `only ${groups.join(' and ')} received them all: consumers in one group share the messages; give each service a group of its own` },
  ...['inventory', 'shipping', 'billing'].map((service) => ({
    what: `${service} received all ${ORDERS} orders`,
    ok: received(service) === ORDERS,
    fix: `it received ${received(service)}: consumers in one group share the messages; each group gets them all`,
  })),
]);
