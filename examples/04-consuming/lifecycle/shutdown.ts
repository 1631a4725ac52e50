// @timeout 150s
// How this client ends. (The article's Go pitfall, one Shutdown closing every client of a
// process, does not exist here: chapter 0 showed it.) Two experiments, side by side:
//   1. A push consumer is shut down while messages are in its listener: two slow ones and one
//      that never returns.
//   2. Two small programs, one with a push consumer and one with a simple consumer, each call
//      shutdown() and then simply end. Do their processes exit?
import { ConsumeResult, FilterExpression, Producer, PushConsumer, SimpleConsumer } from 'rocketmq-client-nodejs';
import { childRole, exitWithin, onChildLine, spawnSelf } from '../../lib/child-process.ts';
import { watchRequests } from '../../lib/push-requests.ts';
import { connection, finish, runId, sleep, start } from '../../lib/workbook.ts';

const topic = 'lifecycle';
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

// --- The small program of experiment 2 (this file, started again as a child process) ---
const role = childRole();
if (role) {
  const consumer = role === 'push'
    ? new PushConsumer({ ...connection(), consumerGroup: 'lifecycle-push', subscriptions: new Map([[topic, FilterExpression.SUB_ALL]]),
      messageListener: { consume: async () => ConsumeResult.SUCCESS } })
    : new SimpleConsumer({ ...connection(), consumerGroup: 'lifecycle-simple', subscriptions: new Map([[topic, FilterExpression.SUB_ALL]]), awaitDuration: 3000 });
  await consumer.startup();
  await sleep(2000); // working: the push consumer has its long poll open now
  const before = Date.now();
  await consumer.shutdown();
  console.log(`shutdown ${Date.now() - before}`);
  // A second later, if the process is still there: what keeps Node alive (stdout and stderr pipes aside).
  setTimeout(() => console.log(`open ${process.getActiveResourcesInfo().filter((r) => r !== 'PipeWrap').join(', ') || 'nothing'}`), 1000).unref();
  // The program ends here, without process.exit(): Node exits when nothing is left open.
} else {
  // Experiment 2 runs in two child processes while experiment 1 runs here; it prints at the end.
  const children = ['simple', 'push'].map(async (kind) => {
    const child = spawnSelf(kind);
    let shutdownMs: number | undefined;
    let open = '';
    onChildLine(child, (line) => {
      if (line.startsWith('shutdown ')) shutdownMs = Number(line.split(' ')[1]);
      if (line.startsWith('open ')) open = line.slice(5);
    });
    // Wait for the child to leave shutdown() (a push consumer's takes up to its 20 s long poll, more
    // on a busy machine); then give it EXIT_GRACE_MS to exit by itself.
    const EXIT_GRACE_MS = 5000;
    const deadline = Date.now() + 100_000;
    while (shutdownMs === undefined && child.exitCode === null && Date.now() < deadline) await sleep(100);
    const exited = await exitWithin(child, EXIT_GRACE_MS);
    if (exited === 'still running') child.kill('SIGKILL');
    const shutdownText = shutdownMs === undefined ? 'shutdown() never returned' : `shutdown() took ${seconds(shutdownMs)}`;
    return `  ${kind} consumer: ${shutdownText}; ` + (exited === 'still running'
      ? `the process was still running ${seconds(EXIT_GRACE_MS)} later (still open: ${open}), killed`
      : `the process exited by itself (code ${exited})`);
  });

  console.log('1. shutdown() while messages are in the listener');
  const run = runId();
  const SLOW_MS = 2000;
  const finished: string[] = [];
  const acked: string[] = [];
  let inListener = 0;
  const consumer = await start(new PushConsumer({
    ...connection(),
    consumerGroup: 'lifecycle-in-flight',
    subscriptions: new Map([[topic, FilterExpression.SUB_ALL]]),
    messageListener: {
      async consume(message) {
        if (message.properties.get('run') !== run) return ConsumeResult.SUCCESS;
        const name = message.body.toString();
        inListener++;
        // "stuck" waits for something that never happens, like a call without a timeout.
        await (name === 'stuck' ? new Promise(() => {}) : sleep(SLOW_MS));
        inListener--;
        finished.push(name);
        return ConsumeResult.SUCCESS;
      },
    },
  }));
  watchRequests(consumer, { ack: (message) => void (message.properties.get('run') === run && acked.push(message.body.toString())) });
  await sleep(2000); // the first long poll is open

  const producer = await start(new Producer({ ...connection(), topic }));
  for (const name of ['slow-1', 'slow-2', 'stuck']) {
    await producer.send({ topic, properties: new Map([['run', run]]), body: Buffer.from(name) });
  }
  while (inListener < 3) await sleep(20);
  console.log(`  3 messages in the listener (slow-1, slow-2: ${seconds(SLOW_MS)} each; stuck: never returns); shutdown() called`);
  const shutdownStarted = Date.now();
  let shutdownReturned: number | undefined;
  void consumer.shutdown().then(() => (shutdownReturned = Date.now()));
  const WATCH_MS = 25_000; // longer than the push consumer's long poll (20 s)
  while (shutdownReturned === undefined && Date.now() - shutdownStarted < WATCH_MS) await sleep(100);
  console.log(`  after ${seconds(Date.now() - shutdownStarted)}: finished ${finished.join(', ') || 'none'}; ` +
    `acknowledged ${acked.join(', ') || 'none'}; still in the listener ${inListener}; ` +
    `shutdown() ${shutdownReturned ? `returned after ${seconds(shutdownReturned - shutdownStarted)}` : 'has not returned'}`);

  console.log();
  console.log('2. shutdown(), then the end of the program');
  for (const line of await Promise.all(children)) console.log(line);
  // finish() gives each client a few seconds, then ends the process whatever they do.
  await finish();
}
