/**
 * Chapter 4, "Consuming": every cell runs through the sandbox API against the real broker, and each
 * "What you should see" claim of content/04-consuming.mdx is read back from its output and its
 * timeline marks. The cells use their own topics and groups, so they run side by side.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { cleanRun, markAt, marksOf, numbersOf, textsOf } from '../support/cell-output.ts';
import { closeSandbox } from '../support/run-cell.ts';

afterAll(() => closeSandbox());

/** `#3 #1 #2` → [1, 2, 3] */
const idsIn = (text: string) => [...text.matchAll(/#(\d+)/g)].map((m) => Number(m[1])).sort((a, b) => a - b);

describe.concurrent('push and simple consumers', () => {
  it('a push consumer runs a whole batch in the listener at once, and the client acknowledges every message', async () => {
    const result = await cleanRun('04-consuming/push-and-simple/push-consumer');
    const [handled, orders, atOnce, acknowledged, doneS] = numbersOf(result,
      /^summary: handled (\d+) of (\d+), at most (\d+) in the listener at once, acknowledged by the client (\d+), all done ([\d.]+) s after sending/m);
    const [oneAtATimeS] = numbersOf(result, /^one at a time would take ([\d.]+) s/m);
    expect(handled).toBe(orders);
    expect(acknowledged).toBe(orders);
    expect(atOnce).toBeGreaterThan(1);
    expect(doneS).toBeLessThan(oneAtATimeS);
    expect(new Set([...result.stdout.matchAll(/listener: order #(\d+) starts/g)].map((m) => m[1])).size).toBe(orders);
  });

  it('hides an unacknowledged message from the group for the invisible duration, then delivers it again; after the ack, never', async () => {
    const result = await cleanRun('04-consuming/push-and-simple/simple-consumer');
    expect(result.stdout).toMatch(/instance A: received it \(delivery 1\)/);
    expect(result.stdout).toMatch(/instance B: nothing for me this time/);
    expect(result.stdout).toMatch(/instance B: received the same message \(same id\), delivery 2/);
    const [delivered, hiddenS, invisibleS] = numbersOf(result, /^summary: delivered (\d+) times, hidden for ([\d.]+) s \(invisible duration (\d+) s\)/m);
    expect(delivered).toBe(2);
    // Back after the invisible duration, plus at most about one long poll (5 s by default) and the broker's revive delay.
    expect(hiddenS).toBeGreaterThanOrEqual(invisibleS);
    expect(hiddenS).toBeLessThan(invisibleS + 10);
    expect(result.stdout).toMatch(/after ack: never again$/m);
  });
});

describe('groups', () => {
  it('delivers each order once per group, shares it between the instances of a group, and twice to a group per instance', async () => {
    const result = await cleanRun('04-consuming/groups/why-groups');
    const groups = [...result.stdout.matchAll(/^group (\S+): received (\d+) of (\d+) orders \((\d+) twice\)$/gm)];
    expect(groups.map((g) => g[1])).toEqual(['stock-service', 'mailer-service', 'stock-instance-1', 'stock-instance-2']);
    for (const [, , received, of, twice] of groups) {
      expect(Number(received)).toBe(Number(of));
      expect(Number(twice)).toBe(0);
    }
    // Phase 1: stock-1 and stock-2 share the orders, each once.
    const phase1 = result.stdout.slice(0, result.stdout.indexOf('phase 2:'));
    const shares = [...phase1.matchAll(/^ {2}instance (stock-\d) handled (\d+): (.*)$/gm)];
    expect(shares).toHaveLength(2);
    const orders = Number(groups[0][3]);
    expect(shares.flatMap((share) => idsIn(share[3])).sort((a, b) => a - b)).toEqual(Array.from({ length: orders }, (_, i) => i + 1));
    const [total, sharedDeductions, separateDeductions] = numbersOf(result,
      /^summary: (\d+) orders; one group with two instances: stock deducted (\d+) times; a group per instance: stock deducted (\d+) times/m);
    expect(sharedDeductions).toBe(total);
    expect(separateDeductions).toBe(2 * total);
  });
});

describe.concurrent('when a message fails', () => {
  it('push consumer: asks for no delay, comes back every long poll (not 10 s, then 30 s), and lands in %DLQ%<group> after the retries', async () => {
    const result = await cleanRun('04-consuming/retries/push-failure');
    expect(textsOf(result, /^summary: deliveries (\d+) \(attempts ([\d, ]+)\)/m)).toEqual(['3', '1, 2, 3']);
    const asked = [...result.stdout.matchAll(/client → broker: ChangeInvisibleDuration\((\d+) ms\)/g)].map((m) => Number(m[1]));
    expect(asked).toEqual([0, 0, 0]);
    const gaps = textsOf(result, /^summary: .*gaps ([\d. s,]+), in/m)[0].split(', ').map((gap) => Number.parseFloat(gap));
    expect(gaps).toHaveLength(2);
    // The push consumer's long poll is 20 s: each retry waits for it, not for the documented 10 s, then 30 s.
    for (const gap of gaps) expect(gap).toBeGreaterThan(15);
    expect(gaps[1]).toBeLessThan(30);
    expect(result.stdout).toMatch(/dead-letter reader: found it in %DLQ%retry-push-consumer/);
    expect(result.stdout).toMatch(/in %DLQ%retry-push-consumer [\d.]+ s after the last/);
    expect(result.stdout).toMatch(/^documented gaps for a push consumer: 10 s, 30 s$/m);
    // The timeline: sent, three deliveries each followed by the client's request, then the dead letter.
    const marks = marksOf(result);
    expect(marks.filter((m) => m.lane === 'consumer').map((m) => m.label)).toEqual(['delivery 1', 'delivery 2', 'delivery 3']);
    expect(marks.filter((m) => m.lane === 'client → broker').map((m) => m.label)).toEqual(Array(3).fill('retry in 0 ms'));
    expect(markAt(marks, 'producer', 'sent').t).toBeLessThan(markAt(marks, 'consumer', 'delivery 1').t);
    expect(markAt(marks, 'consumer', 'delivery 3').t).toBeLessThan(markAt(marks, 'dead-letter reader', 'found in DLQ').t);
  });

  it('simple consumer: each retry waits at least the backoff it asked for, and the message lands in %DLQ%<group>', async () => {
    const result = await cleanRun('04-consuming/retries/simple-backoff');
    expect(textsOf(result, /^summary: deliveries (\d+) \(attempts ([\d, ]+)\)/m)).toEqual(['3', '1, 2, 3']);
    const gaps = [...result.stdout.matchAll(/([\d.]+) s \(asked ([\d.]+) s\)/g)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(gaps).toHaveLength(2);
    for (const [gap, asked] of gaps) expect(gap).toBeGreaterThanOrEqual(asked);
    expect(result.stdout).toMatch(/in %DLQ%retry-simple-consumer [\d.]+ s after the last/);
    expect(marksOf(result).filter((m) => m.lane === 'consumer')).toHaveLength(3);
    markAt(marksOf(result), 'dead-letter reader', 'found in DLQ');
  });

  it('FIFO push consumer: the default policy dead-letters at the first failure; an exponential one retries milliseconds apart', async () => {
    const result = await cleanRun('04-consuming/retries/fifo-push-failure');
    expect(textsOf(result, /^summary retry-fifo-default: deliveries (\d+), gaps (\S+), dead letter (\w+)/m)).toEqual(['1', '-', 'yes']);
    expect(result.stdout).toMatch(/retry-fifo-default: client → broker: ForwardMessageToDeadLetterQueue/);
    const [deliveries, gapsText, deadLetter] = textsOf(result, /^summary retry-fifo-exponential: deliveries (\d+), gaps (.*), dead letter (\w+)/m);
    expect(Number(deliveries)).toBe(4);
    expect(deadLetter).toBe('yes');
    // The policy says 2 s, 4 s, 8 s; the client waits that many milliseconds.
    for (const gap of gapsText.split(', ')) expect(Number.parseInt(gap, 10)).toBeLessThan(2000);
    expect(marksOf(result).filter((m) => m.lane === 'retry-fifo-exponential' && m.label.startsWith('delivery'))).toHaveLength(4);
  });
});

describe.concurrent('idempotent consumption', () => {
  it('a naive consumer applies a resent message and a redelivered one twice', async () => {
    const result = await cleanRun('04-consuming/idempotency/naive-consumer');
    expect(numbersOf(result, /^summary: stock (\d+), expected (\d+): (\d+) kettles too many/m)).toEqual([110, 106, 4]);
    const sn2 = [...result.stdout.matchAll(/SN-2: \+2 kettles, .*\(message (\w+), delivery 1\)/g)].map((m) => m[1]);
    expect(new Set(sn2).size).toBe(2); // two messages, two ids, one order
    expect(result.stdout).toMatch(/SN-3: \+2 kettles, .*delivery 2\)/);
  });

  it('the stockselldetail consumer applies each order once under a resend and a forced redelivery', async () => {
    const result = await cleanRun('04-consuming/idempotency/idempotent-consumer');
    expect(numbersOf(result, /^summary: stock (\d+), expected (\d+): (\d+) kettles too many; (\d+) duplicates skipped/m)).toEqual([106, 106, 0, 2]);
    expect(result.stdout).toMatch(/SN-2: already returned, skipped/);
    expect(result.stdout).toMatch(/SN-3: already returned, skipped, .*delivery 2\)/);
  });
});

describe('ending a client', () => {
  it('a simple consumer exits by itself; a push consumer waits for its long poll and then keeps the process alive; shutdown() waits for every message in the listener', async () => {
    const result = await cleanRun('04-consuming/lifecycle/shutdown');
    const [simpleS] = numbersOf(result, /simple consumer: shutdown\(\) took ([\d.]+) s; the process exited by itself/);
    const [pushS] = numbersOf(result, /push consumer: shutdown\(\) took ([\d.]+) s; the process was still running [\d.]+ s later \(still open: .*Timeout.*\), killed/);
    expect(pushS).toBeGreaterThan(simpleS + 5); // it waited for its open long poll
    expect(result.stdout).toMatch(/finished slow-1, slow-2; acknowledged slow-1, slow-2; still in the listener 1; shutdown\(\) has not returned/);
  });
});
