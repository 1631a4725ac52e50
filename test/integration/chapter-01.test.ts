/**
 * Chapter 1, "Why a queue": every cell runs through the sandbox API against the real broker, and
 * what it demonstrates is read back from its output and its events. (The outage cell has its own
 * file, chapter-01-outage.test.ts: it stops the broker.)
 */
import { afterAll, describe, expect, it } from 'vitest';
import { closeSandbox, runCell, type CellResult } from '../support/run-cell.ts';

afterAll(() => closeSandbox());

/** Run a cell and insist it ended cleanly; the output travels with every failure message. */
async function cleanRun(id: string): Promise<CellResult> {
  const result = await runCell(id);
  expect(result.timedOut, result.stdout + result.stderr).toBe(false);
  expect(result.exitCode, result.stdout + result.stderr).toBe(0);
  return result;
}

/** The numbers a line matching `pattern` carries; fails the test when no line matches. */
function numbersOf(result: CellResult, pattern: RegExp): number[] {
  const match = pattern.exec(result.stdout);
  expect(match, `no line matches ${pattern} in:\n${result.stdout}`).not.toBeNull();
  return match!.slice(1).map(Number);
}

/** `#3 #1 #2` → [1, 2, 3] */
const idsIn = (text: string) => [...text.matchAll(/#(\d+)/g)].map((m) => Number(m[1])).sort((a, b) => a - b);

interface Sample {
  kind: string;
  t: number;
  [field: string]: unknown;
}
const samplesOf = (result: CellResult) => result.events.filter((event) => event.kind === 'sample') as Sample[];

describe('decoupling', () => {
  it('direct calls fail every order placed while inventory is down, and nothing catches up later', async () => {
    const result = await cleanRun('01-why-mq/decoupling/direct-calls');
    const [placed, accepted, failed] = numbersOf(result, /^summary: placed (\d+), accepted (\d+), failed (\d+)/m);
    const failedIds = idsIn([...result.stdout.matchAll(/^ {2}order (#\d+) FAILED/gm)].map((m) => m[1]).join(' '));
    expect(failed).toBeGreaterThan(0);
    expect(failedIds.length).toBe(failed);
    expect(accepted + failed).toBe(placed);
    // The failed orders never reached any service.
    const [inventory, logistics, payment] = numbersOf(result, /^handled: inventory (\d+), logistics (\d+), payment (\d+)/m);
    expect([inventory, logistics, payment]).toEqual([accepted, accepted, accepted]);
  });

  it('with a queue, accepts every order while inventory is down; inventory catches up on exactly the orders it missed', async () => {
    const result = await cleanRun('01-why-mq/decoupling/with-queue');
    const [placed, accepted, failed] = numbersOf(result, /^summary: placed (\d+), accepted (\d+), failed (\d+)/m);
    expect(failed).toBe(0);
    expect(accepted).toBe(placed);

    // The orders placed between "inventory is down" and "inventory is back".
    const phase2 = result.stdout.slice(result.stdout.indexOf('phase 2:'), result.stdout.indexOf('phase 3:'));
    const placedWhileDown = idsIn([...phase2.matchAll(/^ {2}order (#\d+) accepted/gm)].map((m) => m[1]).join(' '));
    expect(placedWhileDown.length).toBeGreaterThan(0);
    const [caughtUp, reportedWhileDown] = numbersOf(result, /inventory caught up on (\d+) orders \(.*\); (\d+) were placed while it was down/);
    expect(caughtUp).toBe(placedWhileDown.length);
    expect(reportedWhileDown).toBe(placedWhileDown.length);
    const caughtUpIds = idsIn(/inventory caught up on \d+ orders \((.*)\)/.exec(result.stdout)![1]);
    expect(caughtUpIds).toEqual(placedWhileDown);

    // In the end every service handled every order, inventory included.
    expect(numbersOf(result, /^handled: inventory (\d+), logistics (\d+), payment (\d+)/m)).toEqual([placed, placed, placed]);
  });
});

describe('peak shaving', () => {
  it('without a queue, the burst ends in rejections and timeouts, counted', async () => {
    const result = await cleanRun('01-why-mq/peak-shaving/direct-calls');
    const [burst, served, rejected, timedOut] = numbersOf(result, /^summary: burst (\d+), served (\d+), rejected (\d+), timed out (\d+)/m);
    expect(served + rejected + timedOut).toBe(burst);
    expect(rejected + timedOut).toBeGreaterThan(burst / 2);
    const samples = samplesOf(result);
    expect(samples.length).toBeGreaterThan(3);
    expect(samples.at(-1)).toMatchObject({ requested: burst, served, rejected, timedOut });
  });

    // One run of the flash sale serves both claims about it.
  let flashSale: Promise<CellResult> | undefined;
  const withQueue = () => (flashSale ??= cleanRun('01-why-mq/peak-shaving/with-queue'));

  it('with a queue, the broker accepts the whole burst and the worker drains the backlog to zero', async () => {
    const result = await withQueue();
    const [burst, accepted, rejected, peakBacklog, , finalBacklog] = numbersOf(result,
      /^summary: burst (\d+), accepted (\d+), rejected (\d+), peak backlog (\d+), drained in ([\d.]+) s, final backlog (\d+)/m);
    expect(accepted).toBe(burst);
    expect(rejected).toBe(0);
    expect(finalBacklog).toBe(0);
    // The worker is slower than the burst: a backlog builds up, then drains.
    expect(peakBacklog).toBeGreaterThan(burst / 4);

    // The chart's data: samples over time, produced and consumed only grow, backlog = produced - consumed.
    const samples = samplesOf(result);
    expect(samples.length).toBeGreaterThan(8);
    for (const [before, after] of samples.slice(1).map((sample, i) => [samples[i], sample])) {
      expect(after.t).toBeGreaterThanOrEqual(before.t);
      expect(after.produced).toBeGreaterThanOrEqual(before.produced as number);
      expect(after.consumed).toBeGreaterThanOrEqual(before.consumed as number);
    }
        for (const sample of samples) expect(sample.backlog).toBe((sample.produced as number) - (sample.consumed as number));
    expect(Math.max(...samples.map((s) => s.backlog as number))).toBe(peakBacklog);
    expect(samples.at(-1)).toMatchObject({ produced: burst, consumed: burst, backlog: 0 });
  });

    it('prints the worker\'s pace during and after the burst, never above its limit', async () => {
    const result = await withQueue();
    const [burst] = numbersOf(result, /^summary: burst (\d+)/m);
    const match = /^the worker handled (\d+) orders: (\d+) while the burst arrived \(([\d-]+) per second\), (\d+) after it \(([\d-]+) per second\); its limit: (\d+) per second$/m
      .exec(result.stdout);
    expect(match, result.stdout).not.toBeNull();
    const [total, during, duringRate, after, afterRate, limit] = match!.slice(1);
    expect(Number(total)).toBe(burst);
    expect(Number(during) + Number(after)).toBe(burst);
    // Each window holds whole batches, each of which slept 1000 / limit ms per order: the pace
    // cannot pass the limit (2 % for timers that fire a millisecond early).
    for (const rate of [duringRate, afterRate].filter((r) => r !== '-')) expect(Number(rate)).toBeLessThanOrEqual(Number(limit) * 1.02);
  });
});

describe('data distribution', () => {
  it('delivers every message to every group, and shares them between the instances of one group', async () => {
    const result = await cleanRun('01-why-mq/distribution/groups-and-instances');
    const [sent] = numbersOf(result, /^sent (\d+) /m);
    const groups = [...result.stdout.matchAll(/^group (\S+): received (\d+) of (\d+) \((\d+) twice\)/gm)];
    expect(groups.map((g) => g[1])).toEqual(['search-indexer', 'welcome-mailer', 'analytics']);
    for (const [, , received, of, twice] of groups) {
      expect(Number(received)).toBe(sent);
      expect(Number(of)).toBe(sent);
      expect(Number(twice)).toBe(0);
    }
    // Inside analytics, the three instances' shares add up to every message, each once.
    const analytics = result.stdout.slice(result.stdout.indexOf('group analytics'));
    const shares = [...analytics.matchAll(/^ {2}instance (analytics-\w)\s+got\s+(\d+):(.*)$/gm)];
    expect(shares).toHaveLength(3);
    const all = shares.flatMap((share) => idsIn(share[3])).sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: sent }, (_, i) => i + 1));
    expect(shares.filter((share) => Number(share[2]) > 0).length).toBeGreaterThanOrEqual(2);
  });

  it('filters by tag on the broker: each group gets exactly the events its tags match', async () => {
    const result = await cleanRun('01-why-mq/distribution/tag-filter');
    const groups = [...result.stdout.matchAll(/^group (\S+) \(subscribes "([^"]+)"\): received (\d+) of (\d+) matching, (\d+) filtered out/gm)];
    expect(groups).toHaveLength(3);
    const sentTags = /^sent \d+ events to \S+: (.*)$/m.exec(result.stdout)![1].split(', ').map((event) => event.split(' ')[0]);
    for (const [, , tags, received, matching, filtered] of groups) {
      const expected = sentTags.filter((tag) => tags === '*' || tags.split('||').includes(tag)).length;
      expect(Number(matching)).toBe(expected);
      expect(Number(received)).toBe(expected);
      expect(Number(filtered)).toBe(sentTags.length - expected);
    }
  });

  it('lets a group that was offline read exactly what it missed, from its offset', async () => {
    const result = await cleanRun('01-why-mq/distribution/offline-group');
    const [missed, readAfter, readTwice] = numbersOf(result, /^summary: missed while offline (\d+), read after coming back (\d+), read twice (\d+)/m);
    expect(missed).toBeGreaterThan(0);
    expect(readAfter).toBe(missed);
    expect(readTwice).toBe(0);
  });
});

describe('the costs', () => {
  it('shows a duplicate when the ack comes after the work, and a loss when it comes before', async () => {
    const result = await cleanRun('01-why-mq/costs/duplicates-and-loss');
    expect(numbersOf(result, /^ack after the work ?: delivered (\d+) times?, alice's balance (\d+)/m)).toEqual([2, 200]);
    expect(result.stdout).toMatch(/^ack after the work ?: .*: a duplicate$/m);
    expect(numbersOf(result, /^ack before the work: delivered (\d+) times?, alice's balance (\d+)/m)).toEqual([1, 0]);
    expect(result.stdout).toMatch(/^ack before the work: .*: lost$/m);
  });

  it('keeps each order in sequence on a FIFO topic with a message group', async () => {
    const result = await cleanRun('01-why-mq/costs/ordering');
    const [normalOut, normalOrders, normalReceived] = numbersOf(result, /^normal topic: (\d+) of (\d+) orders arrived out of order \((\d+) events received\)/m);
    const [fifoOut, fifoOrders, fifoReceived] = numbersOf(result, /^FIFO topic: (\d+) of (\d+) orders arrived out of order \((\d+) events received\)/m);
    expect(normalReceived).toBe(normalOrders * 4);
    expect(normalOut).toBeLessThanOrEqual(normalOrders);
    expect(fifoReceived).toBe(fifoOrders * 4);
    expect(fifoOut).toBe(0);
  });

  it('shows a half-applied order that becomes consistent when the failing service succeeds on a retry', async () => {
    const result = await cleanRun('01-why-mq/costs/consistency');
    expect(result.stdout).toMatch(/the order is half applied: .*coupon ✗/);
    expect(result.stdout).toMatch(/coupon: ✗ .*\(delivery 1\)/);
    const [inconsistentFor] = numbersOf(result, /^summary: all applied yes, inconsistent for ([\d.]+) s/m);
    expect(inconsistentFor).toBeGreaterThan(0);
  });
});
