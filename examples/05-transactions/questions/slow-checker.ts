// @timeout 60s
// The article's checker sleeps 5 s before it answers COMMIT. How often does the broker check back
// while an answer is on its way? A check round runs every transactionCheckInterval and asks about
// every half message still open, whether or not an earlier question is still being answered.
import { transactionSettings } from '../../lib/broker-settings.ts';
import { mark } from '../../lib/timeline.ts';
import { TransactionResolution } from '../../lib/transactions.ts';
import { finish, runId, sleep } from '../../lib/workbook.ts';
import { times, transactionalProducer, watchDeliveries } from '../scene.ts';

const topic = 'tx-slow-checker';
const CHECKER_MS = 5000; // the article's time.Sleep(time.Second * 5) in CheckLocalTransaction
const run = runId();
const { checkIntervalMs } = transactionSettings();
const startedAt = Date.now();
const t = () => `t=${((Date.now() - startedAt) / 1000).toFixed(1)}s`;

const consumer = await watchDeliveries(topic, 'tx-slow-checker-reader', run);
let asked = 0;
let answered = 0;
const producer = await transactionalProducer(topic, run, async (message) => {
  const n = ++asked;
  console.log(`${t()}  checker: check-back ${n} arrives; looking it up for ${CHECKER_MS / 1000} s`);
  mark('checker', `check-back ${n}`, { id: '1' });
  await sleep(CHECKER_MS);
  answered++;
  console.log(`${t()}  checker: check-back ${n}: COMMIT`);
  mark('checker', `answer ${n}`, { id: '1', detail: 'COMMIT' });
  return TransactionResolution.COMMIT;
});

const transaction = producer.beginTransaction();
const receipt = await producer.send({ topic, properties: new Map([['run', run], ['order', '1']]), body: Buffer.from('order 1') }, transaction);
console.log(`${t()}  producer: half message for order 1 (message id ${receipt.messageId}); no decision`);
mark('producer', 'half message', { id: '1' });

// Until every check-back that arrived has been answered, then until each answer's delivery has
// landed: 10 s at most, so a COMMIT that delivered nothing shows as fewer deliveries than answers.
await consumer.until(() => asked > 0 && answered === asked, 60_000);
await consumer.until(() => consumer.count('1') >= answered, 10_000);
const ids = new Set(consumer.deliveries.map((d) => d.messageId));
console.log();
console.log(`summary: check-backs ${asked} (a round every ${checkIntervalMs / 1000} s, each answer took ${CHECKER_MS / 1000} s), ` +
  `COMMIT answers ${answered}, delivered ${times(consumer.count('1'))}, distinct message ids ${ids.size}`);

await consumer.stop();
await finish();
