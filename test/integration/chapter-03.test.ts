/**
 * Chapter 3, "Message kinds": every cell runs through the sandbox API against the real broker, and
 * each "What you should see" claim is read back from its output and its timeline marks.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { cleanRun, numbersOf } from '../support/cell-claims.ts';
import { closeSandbox, type CellResult } from '../support/run-cell.ts';

afterAll(() => closeSandbox());

interface Mark {
  kind: 'mark';
  lane: string;
  label: string;
  t: number;
  id?: string;
  detail?: string;
}
const marksOf = (result: CellResult) => result.events.filter((event) => event.kind === 'mark') as unknown as Mark[];

/** A delay message may come up to one timer tick early; later than this margin counts as broken even on a busy machine. */
const TIMER_TICK_MS = 1000;
const LATE_MARGIN_MS = 5000;

describe('normal messages', () => {
  it('delivers every message, and counts exactly those that overtook one sent earlier (or says none did)', async () => {
    const result = await cleanRun('03-message-kinds/normal/unordered');
    const arrived = [...(/^arrived: (.*)$/m.exec(result.stdout)?.[1] ?? '').matchAll(/#(\d+)/g)].map((m) => Number(m[1]));
    expect([...arrived].sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    const overtook = arrived.filter((n, i) => arrived.slice(i + 1).some((later) => later < n)).length;
    const [early, of] = numbersOf(result, /^summary: (\d+) of (\d+) messages arrived before a message sent earlier/m);
    expect([early, of]).toEqual([overtook, 12]);
    if (early === 0) expect(result.stdout).toMatch(/the consumer kept up/);
  });
});

describe('FIFO', () => {
  it('keeps every customer in order across 200 interleaved messages on a FIFO topic, and the whole sequence on one queue', async () => {
    const result = await cleanRun('03-message-kinds/fifo/normal-vs-fifo');
    const line = (topic: string) => {
      const match = new RegExp(`^${topic} \\((normal|FIFO), (\\d) queues?\\): received (\\d+) of (\\d+)(?: \\(and \\d+ twice\\))?; customers out of order: (\\d+) of (\\d+).*; whole sequence as sent: (yes|no)(.*)$`, 'm').exec(result.stdout);
      expect(match, `${topic} in:\n${result.stdout}`).not.toBeNull();
      const [, , queues, received, total, outOfOrder, customers, whole, note] = match!;
      return { queues: Number(queues), received: Number(received), total: Number(total), outOfOrder: Number(outOfOrder), customers: Number(customers), whole, note };
    };
    const normal = line('kinds-normal');
    const fifo = line('kinds-fifo');
    const global = line('kinds-fifo-global');
    for (const topic of [normal, fifo, global]) {
      expect(topic.total).toBeGreaterThanOrEqual(200);
      expect(topic.customers).toBeGreaterThanOrEqual(4);
      expect(topic.received).toBe(topic.total);
    }
    // A normal topic promises nothing: reordering is shown, or the cell says the order was by chance.
    expect(normal.outOfOrder > 0 || normal.note.includes('order by chance')).toBe(true);
    expect(fifo.queues).toBe(4);
    expect(fifo.outOfOrder).toBe(0);
    expect(fifo.whole).toBe('no');
    expect(global.queues).toBe(1);
    expect(global.outOfOrder).toBe(0);
    expect(global.whole).toBe('yes');
  });

  it('shows one failed message holding up its queue: the groups sharing it wait, the others finish; on one queue everyone waits', async () => {
    const result = await cleanRun('03-message-kinds/fifo/blocking');
    const phase = (label: string) => {
      const match = new RegExp(`^${label}: bob's #2 was redelivered ([\\d.]+) s after it failed; waited for it: (.*); finished meanwhile: (.*)$`, 'm').exec(result.stdout);
      expect(match, `${label} in:\n${result.stdout}`).not.toBeNull();
      return { after: Number(match![1]), waited: match![2].split(', '), finished: match![3] === 'nobody' ? [] : match![3].split(', ') };
    };
    const four = phase('4 queues');
    // bob and carol hash to the same queue of kinds-fifo (SendMessageActivity's consistent hash); alice and dave do not.
    expect(four.waited).toEqual(['bob', 'carol']);
    expect(four.finished).toEqual(['alice', 'dave']);
    expect(four.after).toBeGreaterThanOrEqual(5 - 1);
    const one = phase('1 queue');
    expect(one.waited).toEqual(['alice', 'bob', 'carol', 'dave']);
    expect(one.finished).toEqual([]);
    // On one queue, delivery follows the sending order exactly, the retry included.
    const orders = [...result.stdout.matchAll(/^ {2}order of delivery: (.*)$/gm)].map((m) => m[1]);
    expect(orders).toHaveLength(2);
    const sent = [1, 2, 3, 4].flatMap((n) => ['alice', 'bob', 'carol', 'dave'].map((c) => `${c} #${n}`)).join(', ');
    expect(orders[1]).toBe(sent);
    // The timeline: bob's failure and its redelivery in both phases, on bob's lane.
    const bob = marksOf(result).filter((mark) => mark.lane === 'bob' && mark.id === 'bob #2').map((mark) => mark.label);
    expect(bob).toEqual(['failed', 'redelivered', 'failed', 'redelivered']);
  });
});

describe('delay', () => {
  it('delivers no message more than one timer tick early, and all within the tick plus a stated margin; refuses 25 h', async () => {
    const result = await cleanRun('03-message-kinds/delay/due-and-arrived');
    expect(result.stdout).toMatch(/^a 25 h delay is refused: .*the max delay time of message is too large, max is 86400000/m);
    const lateness = [...result.stdout.matchAll(/^ {2}(.+?) +arrived (\d+) ms (before|after) its delivery time$/gm)]
      .map((m) => (m[3] === 'before' ? -Number(m[2]) : Number(m[2])));
    expect(lateness).toHaveLength(5);
    for (const ms of lateness) {
      expect(ms).toBeGreaterThanOrEqual(-TIMER_TICK_MS);
      expect(ms).toBeLessThanOrEqual(TIMER_TICK_MS + LATE_MARGIN_MS);
    }
    const [arrived, tooEarly, from, to] = numbersOf(result, /^summary: (\d+) arrived, (\d+) more than one tick \(1000 ms\) early; from (-?\d+) to (-?\d+) ms after/m);
    expect([arrived, tooEarly, from, to]).toEqual([5, 0, Math.min(...lateness), Math.max(...lateness)]);
    // The timeline: each message sent, due and arrived, the arrival no earlier than a tick before it was due.
    const marks = marksOf(result);
    for (const id of ['level 1 (1 s)', 'delay 2.5 s', 'delay 4 s', 'level 2 (5 s)', 'delay 7 s']) {
      const of = (label: string) => marks.find((mark) => mark.id === id && mark.label === label);
      expect(of('sent')?.lane, id).toBe('producer');
      expect(of('due')?.lane, id).toBe('broker');
      expect(of('arrived')?.lane, id).toBe('consumer');
      expect(of('arrived')!.t, id).toBeGreaterThanOrEqual(of('due')!.t - TIMER_TICK_MS);
    }
  });
});

describe('transactions', () => {
  it('delivers the committed order and never the rolled-back one', async () => {
    const result = await cleanRun('03-message-kinds/transaction/half-message');
    expect(result.stdout).toMatch(/^order #1: half message stored \(transactionId \w+\)/m);
    expect(result.stdout).toMatch(/^order #1: committed$/m);
    expect(result.stdout).toMatch(/^order #2: rolled back$/m);
    expect(result.stdout).toMatch(/^summary: the consumer received order #1; the rolled-back order #2 never reached it$/m);
    expect(result.stdout).not.toMatch(/check-back/);
    expect(marksOf(result).filter((mark) => mark.lane === 'consumer').map((mark) => mark.id)).toEqual(['order #1']);
  });
});

describe('combinations', () => {
  it('refuses each combination with the error the page quotes', async () => {
    const result = await cleanRun('03-message-kinds/combining/refused');
    expect(numbersOf(result, /^summary: (\d+) of (\d+) refused$/m)).toEqual([6, 6]);
    expect(result.stdout).toContain('delay/deliveryTimestamp is mutually exclusive with messageGroup');
    for (const [topic, actual, accepted] of [['kinds-fifo', 'DELAY', 'FIFO'], ['kinds-transaction', 'NORMAL', 'TRANSACTION'],
      ['kinds-normal', 'FIFO', 'NORMAL'], ['kinds-delay', 'NORMAL', 'DELAY']]) {
      expect(result.stdout).toContain(`Current message type not match with topic accept message types, topic=${topic}, actualMessageType=${actual}, acceptMessageTypes=[${accepted}]`);
    }
    expect(result.stdout).toContain('Transactional message should not set messageGroup, liteTopic, deliveryTimestamp or priority');
  });
});
