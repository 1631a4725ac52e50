// @timeout 60s
// How long until the first check-back, how often after that, and what happens after the last?
// The producer sends a half message and never decides; its checker always answers UNKNOWN. The
// cell writes down when each check-back arrives, then keeps watching for a while after the last.
import { transactionSettings } from '../../lib/broker-settings.ts';
import { mark } from '../../lib/timeline.ts';
import { TransactionResolution } from '../../lib/transactions.ts';
import { finish, runId, sleep } from '../../lib/workbook.ts';
import { times, transactionalProducer, watchDeliveries } from '../scene.ts';

const topic = 'tx-check-schedule';
const run = runId();
const settings = transactionSettings(); // from rocketmq/broker.conf
const PRODUCTION = { timeoutMs: 6000, checkIntervalMs: 30_000, checkMax: 15 }; // RocketMQ's defaults (BrokerConfig.java)

const consumer = await watchDeliveries(topic, 'tx-check-schedule-reader', run);
const checks: { at: number; checkTimes: string }[] = [];
const producer = await transactionalProducer(topic, run, async (message) => {
  // The broker counts its check-backs in a message property.
  const checkTimes = message.properties.get('TRANSACTION_CHECK_TIMES') ?? '?';
  checks.push({ at: Date.now(), checkTimes });
  console.log(`  check-back ${checks.length} at ${((Date.now() - sentAt) / 1000).toFixed(1)} s (TRANSACTION_CHECK_TIMES=${checkTimes}): UNKNOWN`);
  mark('checker', `check-back ${checks.length}`, { id: '1', detail: 'UNKNOWN' });
  return TransactionResolution.TRANSACTION_RESOLUTION_UNSPECIFIED;
});

const transaction = producer.beginTransaction();
const receipt = await producer.send({ topic, properties: new Map([['run', run], ['order', '1']]), body: Buffer.from('order 1') }, transaction);
const sentAt = Date.now();
console.log(`half message sent (message id ${receipt.messageId}); the broker settings: transactionTimeOut=${settings.timeoutMs} ms, ` +
  `transactionCheckInterval=${settings.checkIntervalMs} ms, transactionCheckMax=${settings.checkMax}`);
mark('producer', 'half message', { id: '1' });

// Wait for the last allowed check-back, then watch five more check rounds.
await consumer.until(() => checks.length >= settings.checkMax, settings.timeoutMs + (settings.checkMax + 10) * settings.checkIntervalMs);
const WATCH_AFTER_MS = 5 * settings.checkIntervalMs;
await sleep(WATCH_AFTER_MS);

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const gaps = checks.slice(1).map((check, i) => check.at - checks[i].at);
console.log();
console.log(`summary: first check-back ${checks[0] ? seconds(checks[0].at - sentAt) : '-'} after the half message, ` +
  `then every ${gaps.length ? seconds(gaps.reduce((a, b) => a + b, 0) / gaps.length) : '-'} on average, ${checks.length} check-backs in all; ` +
  `in the ${seconds(WATCH_AFTER_MS)} after the last: ${checks.length - settings.checkMax} more; delivered ${times(consumer.count('1'))}`);
// The same rule with RocketMQ's production defaults. A round of check-backs runs every
// transactionCheckInterval; it checks half messages older than transactionTimeOut
// (TransactionalMessageServiceImpl.check). After transactionCheckMax check-backs, the next round
// gives the half message up.
const firstCheck = [PRODUCTION.timeoutMs, PRODUCTION.timeoutMs + PRODUCTION.checkIntervalMs];
const givenUp = firstCheck.map((first) => first + PRODUCTION.checkMax * PRODUCTION.checkIntervalMs);
const minutes = (ms: number) => (ms / 60_000).toFixed(1);
console.log(`production defaults: first check-back ${seconds(firstCheck[0])} to ${seconds(firstCheck[1])} after the half message, ` +
  `then every ${seconds(PRODUCTION.checkIntervalMs)}, ${PRODUCTION.checkMax} in all; given up ${minutes(givenUp[0])} to ${minutes(givenUp[1])} min after it`);

await consumer.stop();
await finish();
