/**
 * Chapter 5, "Transactions": every cell runs through the sandbox API against the real broker, and
 * each "What you should see" claim of content/05-transactions.mdx is read back from its output and
 * its timeline marks. Each cell has a topic of its own, so they run side by side; the broker's
 * transaction settings come from rocketmq/broker.conf, as the cells read them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { transactionSettings } from '../../examples/lib/broker-settings.ts';
import { findBrokerAddress } from '../../sandbox/broker/admin.ts';
import { brokerEndpoints } from '../../sandbox/broker/endpoints.ts';
import { projectRoot } from '../../sandbox/broker/layout.ts';
import { remotingCall } from '../../sandbox/broker/remoting.ts';
import { examplesDir } from '../../sandbox/examples.ts';
import { cleanRun, markAt, marksOf, numbersOf, textsOf, withConstant } from '../support/cell-output.ts';
import { closeSandbox } from '../support/run-cell.ts';

afterAll(() => closeSandbox());

const settings = transactionSettings();
const source = (id: string) => fs.readFileSync(path.join(examplesDir, `${id}.ts`), 'utf8');

/**
 * Does the broker's index hold the message `messageId` in `topic`? A QUERY_MESSAGE (code 12) by
 * unique key over the remoting protocol, as `mqadmin queryMsgByUniqueKey` sends it; the index
 * runs a little behind the store, so it asks a few times.
 */
async function storedIn(topic: string, messageId: string): Promise<boolean> {
  const broker = await findBrokerAddress(brokerEndpoints().namesrv);
  expect(broker, 'the broker is registered with the name server').toBeDefined();
  for (let attempt = 0; attempt < 10; attempt++) {
    const response = await remotingCall(broker!, 12, {
      topic, key: messageId, maxNum: '32', beginTimestamp: '0', endTimestamp: String(Number.MAX_SAFE_INTEGER), _UNIQUE_KEY_QUERY: 'true',
    });
    if (response.code === 0 && response.body.includes(Buffer.from(messageId))) return true;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return false;
}

describe.concurrent('the three cases', () => {
  it('commit: nothing reaches the consumer before the commit, the message arrives once after it, with no check-back', async () => {
    const result = await cleanRun('05-transactions/outcomes/commit');
    expect(result.stdout).toMatch(/the consumer has received 0 messages so far/);
    const [delivered, , before, checkBacks] = numbersOf(result, /^summary: delivered (\d+) times?, (\d+) ms after the commit; before the commit (\d+); check-backs (\d+)/m);
    expect([delivered, before, checkBacks]).toEqual([1, 0, 0]);
    const marks = marksOf(result);
    const half = markAt(marks, 'producer', 'half message', '1');
    const committed = markAt(marks, 'local transaction', 'committed', '1');
    const commit = markAt(marks, 'producer', 'commit', '1');
    const delivery = markAt(marks, 'consumer', 'delivered', '1');
    expect(half.t).toBeLessThan(committed.t);
    expect(committed.t).toBeLessThanOrEqual(commit.t);
    expect(commit.t).toBeLessThanOrEqual(delivery.t);
  });

  it('rollback: never delivered nor checked back, watched past a later open transaction being checked back', async () => {
    const result = await cleanRun('05-transactions/outcomes/rollback');
    const [delivered1, checked1, checked2, delivered2, watchedS] = numbersOf(result,
      /^summary: order 1 \(rolled back\): delivered (\d+) times?, checked back (\d+) times?; order 2 \(left open\): checked back (\d+) times?, delivered (\d+) times?; watched ([\d.]+) s after the rollback/m);
    expect([delivered1, checked1, delivered2]).toEqual([0, 0, 0]);
    expect(checked2).toBeGreaterThanOrEqual(1);
    // Longer than the first check-back of a younger half message plus a check interval.
    expect(watchedS * 1000).toBeGreaterThan(settings.timeoutMs + settings.checkIntervalMs);
    const marks = marksOf(result);
    markAt(marks, 'producer', 'rollback', '1');
    expect(marks.some((m) => m.id === '1' && m.lane === 'checker')).toBe(false);
    expect(marks.some((m) => m.lane === 'consumer')).toBe(false);
  });

  it('unknown: the broker checks back after transactionTimeOut, the checker commits, the message arrives once', async () => {
    const result = await cleanRun('05-transactions/outcomes/unknown');
    const [firstCheckS, checkBacks, answer, delivered] = textsOf(result,
      /^summary: first check-back ([\d.]+) s after the half message, check-backs (\d+), answer (\w+), delivered (\d+) times?/m);
    // Timed from when send() returned; the broker counts from the message's birth, a little earlier.
    expect(Number(firstCheckS) * 1000).toBeGreaterThan(settings.timeoutMs - 500);
    expect([checkBacks, answer, delivered]).toEqual(['1', 'COMMIT', '1']);
    const marks = marksOf(result);
    expect(markAt(marks, 'checker', 'check-back', '1').detail).toBe('COMMIT');
    expect(markAt(marks, 'checker', 'check-back', '1').t).toBeLessThanOrEqual(markAt(marks, 'consumer', 'delivered', '1').t);
  });
});

describe.concurrent("the article's questions", () => {
  it('an exception, a missing decision, an UNKNOWN answer and a checker that throws all leave the transaction to the check-back', async () => {
    const result = await cleanRun('05-transactions/questions/what-counts-as-unknown');
    const outcome = (letter: string) => textsOf(result,
      new RegExp(`^case ${letter} \\(.*\\): checked back (\\d+) times?, final answer (\\w+), delivered (\\d+) times?`, 'm'));
    expect(outcome('A')).toEqual(['1', 'ROLLBACK', '0']);
    expect(outcome('B')).toEqual(['1', 'COMMIT', '1']);
    expect(outcome('C')).toEqual(['3', 'COMMIT', '1']);
    expect(outcome('D')).toEqual(['2', 'COMMIT', '1']);
  });

  it('a slow local transaction is checked back while it runs; a careful checker waits, a naive ROLLBACK is overruled by the later commit', async () => {
    const result = await cleanRun('05-transactions/questions/slow-local-transaction');
    const summary = /^summary careful checker: check-backs while saving (\d+) \(([^)]*)\), after saving (\d+) \(([^)]*)\), commit\(\) (\w+), delivered (\d+) times?/m;
    const [whileSaving, answers, afterSaving, answersAfter, commit, delivered] = textsOf(result, summary);
    expect(Number(whileSaving)).toBeGreaterThanOrEqual(1);
    expect(new Set(answers.split(', '))).toEqual(new Set(['UNKNOWN']));
    expect(commit).toBe('ok');
    // Once, plus once for each check-back after the local commit that the careful checker answered COMMIT.
    const commitsAfter = Number(afterSaving) === 0 ? 0 : answersAfter.split(', ').filter((a) => a === 'COMMIT').length;
    expect(Number(delivered)).toBe(1 + commitsAfter);
    expect(textsOf(result, /^summary naive checker: check-backs while saving (\d+) \(([^)]*)\), after saving (\d+) \(([^)]*)\), commit\(\) (\w+), delivered (\d+) times?/m))
      .toEqual(['1', 'ROLLBACK', '0', 'none', 'ok', '1']);
  });

  it('checks back after transactionTimeOut, then once per round, transactionCheckMax times, then never again; never delivered', async () => {
    const result = await cleanRun('05-transactions/questions/check-back-schedule');
    const [firstS, everyS, total, more, delivered] = numbersOf(result,
      /^summary: first check-back ([\d.]+) s after the half message, then every ([\d.]+) s on average, (\d+) check-backs in all; in the [\d.]+ s after the last: (\d+) more; delivered (\d+) times?/m);
    expect(firstS * 1000).toBeGreaterThan(settings.timeoutMs - 500);
    expect(everyS * 1000).toBeGreaterThanOrEqual(settings.checkIntervalMs * 0.5);
    expect([total, more, delivered]).toEqual([settings.checkMax, 0, 0]);
    // The broker's own count, 1 to transactionCheckMax.
    const counts = [...result.stdout.matchAll(/TRANSACTION_CHECK_TIMES=(\d+)/g)].map((m) => Number(m[1]));
    expect(counts).toEqual(Array.from({ length: settings.checkMax }, (_, i) => i + 1));
    expect(result.stdout).toMatch(/^production defaults: first check-back 6\.0 s to 36\.0 s after the half message, then every 30\.0 s, 15 in all; given up 7\.6 to 8\.1 min after it$/m);
    expect(marksOf(result).filter((m) => m.lane === 'checker')).toHaveLength(settings.checkMax);
    // Given up, the half message sits in the system topic TRANS_CHECK_MAX_TIME_TOPIC.
    const [messageId] = textsOf(result, /half message sent \(message id (\w+)\)/);
    expect(await storedIn('TRANS_CHECK_MAX_TIME_TOPIC', messageId)).toBe(true);
  });

  it("the article's 5-second checker, with a 1-second check interval, answers every round's check-back, and each COMMIT delivers again", async () => {
    const result = await cleanRun('05-transactions/questions/slow-checker');
    const [asked, answered, delivered, distinct] = numbersOf(result,
      /^summary: check-backs (\d+) \(.*\), COMMIT answers (\d+), delivered (\d+) times?, distinct message ids (\d+)/m);
    expect(asked).toBeGreaterThan(1);
    expect(answered).toBe(asked);
    expect(delivered).toBe(answered);
    expect(distinct).toBe(1);
  });

  it('a producer killed before commit(): a restarted producer with a durable checker commits; one with an in-memory checker rolls a saved order back', async () => {
    const result = await cleanRun('05-transactions/crash/producer-killed');
    for (const kind of ['durable', 'memory']) {
      expect(result.stdout).toMatch(new RegExp(`${kind} producer \\(pid \\d+\\): half message sent`));
      expect(result.stdout).toMatch(new RegExp(`${kind} producer \\(pid \\d+\\): order saved`));
      expect(result.stdout).toMatch(new RegExp(`${kind} producer: killed before commit\\(\\)`));
    }
    const [durableNumber, durableAnswer, durableDelivered, durableVerdict] = textsOf(result,
      /^summary durable checker: order 1 in the database yes; first check-back to reach the restarted producer: number (\d+), answered (\w+); delivered (\d+) times?: (\w+)/m);
    expect(Number(durableNumber)).toBeGreaterThanOrEqual(1);
    expect([durableAnswer, durableDelivered, durableVerdict]).toEqual(['COMMIT', '1', 'consistent']);
    expect(textsOf(result, /^summary memory checker: order 1 in the database yes; first check-back to reach the restarted producer: number \d+, answered (\w+); delivered (\d+) times?: (\w+)/m))
      .toEqual(['ROLLBACK', '0', 'INCONSISTENT']);
    const marks = marksOf(result);
    expect(markAt(marks, 'durable producer', 'killed').t).toBeLessThan(markAt(marks, 'durable checker', 'check-back', '1').t);
  });

});

// The same cells with a constant edited as the prose suggests. Not side by side with the
// unedited runs: they share topics and consumer groups, so they would take each other's messages.
describe('the questions again, with a constant edited', () => {
  it('with LOCAL_WORK_MS = 20000, every check-back is spent on UNKNOWN, and the late commit still delivers', async () => {
    const id = '05-transactions/questions/slow-local-transaction';
    const result = await cleanRun(id, withConstant(source(id), 'LOCAL_WORK_MS', '20000'));
    const [checks, answers, afterSaving, commit, delivered] = textsOf(result,
      /^summary careful checker: check-backs while saving (\d+) \(([^)]*)\), after saving (\d+) \([^)]*\), commit\(\) (\w+), delivered (\d+) times?/m);
    expect(Number(checks)).toBe(settings.checkMax);
    expect(new Set(answers.split(', '))).toEqual(new Set(['UNKNOWN']));
    expect([afterSaving, commit, delivered]).toEqual(['0', 'ok', '1']);
  });

  it('with RESTART_AFTER_MS = 20000, the broker has given up before the restart: nobody is asked, nothing is delivered', async () => {
    const id = '05-transactions/crash/producer-killed';
    const result = await cleanRun(id, withConstant(source(id), 'RESTART_AFTER_MS', '20000'));
    expect(result.stdout).toMatch(/^summary durable checker: order 1 in the database yes; never asked; delivered 0 times: INCONSISTENT/m);
  });
});

describe('the broker settings', () => {
  it("the chapter's table gives the values of rocketmq/broker.conf", () => {
    const page = fs.readFileSync(path.join(projectRoot, 'content', '05-transactions.mdx'), 'utf8');
    const conf = fs.readFileSync(path.join(projectRoot, 'rocketmq', 'broker.conf'), 'utf8');
    for (const key of ['transactionTimeOut', 'transactionCheckInterval', 'transactionCheckMax', 'transactionOpBatchInterval']) {
      const configured = new RegExp(`^${key}=(\\d+)$`, 'm').exec(conf)?.[1];
      const row = new RegExp(`^\\| \`${key}\` \\| [^|]+ \\| (\\d+) \\| (\\d+) \\|$`, 'm').exec(page);
      expect(row, `a table row for ${key}`).not.toBeNull();
      expect(row![1], key).toBe(configured);
    }
  });
});
