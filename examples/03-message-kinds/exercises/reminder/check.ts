// @timeout 90s
// Check for "reminder": runs the program, and reads exercise-reminders with the check's own
// consumer group: when the reminder was sent (its born timestamp), when it was due, and when the
// broker handed it out.
import { FilterExpression, SimpleConsumer } from 'rocketmq-client-nodejs';
import { delayForLevel } from '../../../lib/delay-levels.ts';
import { report, runUnderTest } from '../../../lib/exercise.ts';
import { connection, runId, start } from '../../../lib/workbook.ts';

const topic = 'exercise-reminders';
const WANTED_MS = delayForLevel(2);
// The broker's timer rounds due times down to its tick (timerPrecisionMs, 1000 ms here).
const TICK_MS = 1000;
const run = runId();

const audit = await start(new SimpleConsumer({
  ...connection(), consumerGroup: 'exercise-reminders-check', awaitDuration: 3000,
  subscriptions: new Map([[topic, FilterExpression.SUB_ALL]]),
}));
let reminder: { heldMs: number; earlyMs: number } | undefined;
let programEnded = 0;
const auditing = (async () => {
  while (!programEnded || (!reminder && Date.now() - programEnded < 5000)) {
    for (const message of await audit.receive(16, 15_000)) {
      if (message.properties.get('run') === run && message.bornTimestamp && message.deliveryTimestamp) {
        reminder = {
          heldMs: message.deliveryTimestamp.getTime() - message.bornTimestamp.getTime(),
          earlyMs: message.deliveryTimestamp.getTime() - Date.now(),
        };
      }
      await audit.ack(message);
    }
  }
})();

const program = await runUnderTest('03-message-kinds/exercises/reminder', { runId: run });
programEnded = Date.now();
await auditing;

const arrived = /^reminder for order \d+ arrived ([\d.]+) s after the order$/m.exec(program.stdout);
await report([
  { what: 'the program ran to the end', ok: program.exitCode === 0 && !program.timedOut,
    fix: program.timedOut ? 'it did not finish within 45 s' : `it exited with code ${program.exitCode}; see its output above` },
  { what: `the reminder on the broker is due ${WANTED_MS / 1000} s after it was sent (level 2)`,
    ok: !!reminder && Math.abs(reminder.heldMs - WANTED_MS) <= TICK_MS,
    fix: reminder ? `it is due ${(Math.max(0, reminder.heldMs) / 1000).toFixed(1)} s after it was sent: set deliveryTimestamp to deliveryTimeForLevel(2) when you send it`
      : `the check's own consumer found no reminder on ${topic}` },
  { what: 'the broker held it until it was due', ok: !!reminder && reminder.earlyMs <= TICK_MS,
    fix: reminder ? `the broker handed it out ${reminder.earlyMs} ms before it was due` : 'no reminder to look at' },
  { what: 'the program\'s reminder service received it', ok: !!arrived, fix: 'it printed "no reminder arrived"' },
]);
