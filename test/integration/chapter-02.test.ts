/**
 * Chapter 2, "Sending": every cell runs through the sandbox API against the real broker, and each
 * "What you should see" claim is read back from its output and events. (The retry cell stops the
 * broker: chapter-02-outage.test.ts.)
 */
import { afterAll, describe, expect, it } from 'vitest';
import { cleanRun, numbersOf } from '../support/cell-claims.ts';
import { closeSandbox } from '../support/run-cell.ts';

afterAll(() => closeSandbox());

describe('sync', () => {
  it('prints a receipt per awaited send, with its own message id and a queue offset; the full receipt has a transactionId and no recallHandle', async () => {
    const result = await cleanRun('02-sending/sync/await-each');
    const sends = [...result.stdout.matchAll(/^#(\d+) stored after ([\d.]+) ms: messageId (\S+), queue offset (\d+)$/gm)];
    expect(sends.map((s) => Number(s[1]))).toEqual([1, 2, 3, 4, 5]);
    expect(new Set(sends.map((s) => s[3])).size).toBe(5);
    expect(result.stdout).toMatch(/^ {2}messageId {6}[0-9A-F]{34} /m);
    expect(result.stdout).toMatch(/^ {2}offset {9}\d+ /m);
    expect(result.stdout).toMatch(/^ {2}transactionId {2}[0-9A-F]+ /m);
    expect(result.stdout).toMatch(/^ {2}recallHandle {3}"" /m);
  });
});

describe('async', () => {
  it('stores every message with at most the bound in flight', async () => {
    const result = await cleanRun('02-sending/async/bounded-in-flight');
    const [sends, stored, failed, most, limit] = numbersOf(result, /^summary: (\d+) sends, (\d+) stored, (\d+) failed, at most (\d+) in flight \(limit (\d+)\)/m);
    expect(stored).toBe(sends);
    expect(failed).toBe(0);
    expect(most).toBeLessThanOrEqual(limit);
    expect(most).toBeGreaterThan(1);
  });
});

describe('one-way', () => {
  it('returns from every send() at once, and both failures reach the .catch, never an unhandled rejection', async () => {
    const result = await cleanRun('02-sending/one-way/fire-and-forget');
    numbersOf(result, /^called send\(\) (\d+) times in ([\d.]+) ms, without waiting for any of them/m);
    const [sends, caught] = numbersOf(result, /^summary: (\d+) one-way sends, (\d+) failures reached \.catch/m);
    expect(sends).toBe(22);
    expect(caught).toBe(2);
    expect(result.stdout).toMatch(/^\.catch: a one-way send failed: Message body size exceeds the threshold/m);
    expect(result.stdout).toMatch(/^\.catch: a one-way send failed: .*No topic route info in name server/m);
    // An unhandled rejection would have ended the process with code 1 and a stack trace.
    expect(result.stderr).not.toMatch(/Unhandled|TypeError/);
  });
});

describe('the comparison', () => {
  it('prints one row per way, each message stored or counted as failed, and a chart point per 10 stored', async () => {
    const result = await cleanRun('02-sending/compare/three-ways');
    const [messages] = numbersOf(result, /^(\d+) messages each way:/m);
    const rows = [...result.stdout.matchAll(/^(sync|async \(\d+ in flight\)|one-way)\s+(\d+)\s+([\d.]+) ms\s+([\d.]+) ms\s+(\d+)\s+(\d+)$/gm)];
    expect(rows.map((row) => row[1].split(' ')[0])).toEqual(['sync', 'async', 'one-way']);
    for (const [, , perSecond, p50, p99, stored, failed] of rows) {
      expect(Number(stored) + Number(failed)).toBe(messages);
      expect(Number(perSecond)).toBeGreaterThan(0);
      expect(Number(p99)).toBeGreaterThanOrEqual(Number(p50));
    }
    const [loopMs, settledAfterMs] = numbersOf(result, /^one-way: the loop that called send\(\) \d+ times returned after ([\d.]+) ms; the last send settled after (\d+) ms/m);
    expect(loopMs).toBeLessThan(settledAfterMs);
    numbersOf(result, /^summary: async sent ([\d.]+)x as many messages per second as sync, one-way ([\d.]+)x/m);
    // The chart's data: a point every 10 stored messages for each way, the last one at its stored count.
    for (const [way, row] of [['sync', rows[0]], ['async', rows[1]], ['oneWay', rows[2]]] as const) {
      const stored = Number(row[5]);
      const points = result.events.filter((event) => event.kind === 'stored' && typeof event[way] === 'number');
      const lastPoint = stored === messages ? messages : Math.floor(stored / 10) * 10;
      expect(points.map((point) => point[way]), way).toEqual(
        [...Array.from({ length: Math.floor(stored / 10) }, (_, i) => (i + 1) * 10), ...(lastPoint % 10 ? [lastPoint] : [])]);
    }
  });
});

describe('shutting down', () => {
  it('fails every send made after shutdown(), and loses none when it stops in order', async () => {
    const result = await cleanRun('02-sending/shutdown/in-flight');
    const [atOnceStored, atOnceFailed, atOnceUnsent] = numbersOf(result, /^shutdown at once: (\d+) stored, (\d+) failed, (\d+) never sent/m);
    const [inOrderStored, inOrderFailed, inOrderUnsent] = numbersOf(result, /^stop in order: (\d+) stored, (\d+) failed, (\d+) never sent/m);
    expect(atOnceStored + atOnceFailed + atOnceUnsent).toBe(100);
    expect(atOnceFailed).toBeGreaterThan(0);
    expect(result.stdout).toMatch(/^ {2}\d+ × Producer is not running now$/m);
    // The sends already in flight when shutdown() began were stored.
    expect(atOnceStored).toBeGreaterThanOrEqual(20);
    expect(inOrderStored + inOrderFailed + inOrderUnsent).toBe(100);
    expect(inOrderFailed).toBe(0);
    expect(inOrderUnsent).toBeGreaterThan(0);
    expect(numbersOf(result, /^summary: shutting down at once failed (\d+) sends; stopping in order failed (\d+) and kept (\d+)/m))
      .toEqual([atOnceFailed, 0, inOrderUnsent]);
  });
});
