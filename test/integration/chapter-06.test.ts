/**
 * Chapter 6, the capstone: every cell runs through the sandbox API against the real broker, with
 * its two services and their SQLite files, and each "What you should see" is read back from its
 * output and its timeline marks. (chapter-06-services.test.ts drives the services directly.)
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

/** The groups of the first line matching `pattern`; fails the test when no line matches. */
function line(result: CellResult, pattern: RegExp): string[] {
  const match = pattern.exec(result.stdout);
  expect(match, `no line matches ${pattern} in:\n${result.stdout}`).not.toBeNull();
  return match!.slice(1);
}

/** A table printed under `--- title ---` (by Shop.printTables), as one object per row. */
function table(result: CellResult, title: string, name: string): Record<string, string>[] {
  const from = result.stdout.indexOf(`--- ${title} ---\n`);
  expect(from, `no "--- ${title} ---" in:\n${result.stdout}`).toBeGreaterThanOrEqual(0);
  const block = result.stdout.slice(from).split('\n').slice(1);
  const end = block.findIndex((text) => text.startsWith('--- '));
  const lines = end < 0 ? block : block.slice(0, end);
  const at = lines.findIndex((text) => text === `${name}:` || text === `${name}: (no rows)`);
  expect(at, `no table ${name} under "--- ${title} ---"`).toBeGreaterThanOrEqual(0);
  if (lines[at].endsWith('(no rows)')) return [];
  const header = lines[at + 1].trim().split(/\s+/);
  const rows: Record<string, string>[] = [];
  for (const text of lines.slice(at + 2)) {
    if (!text.startsWith('  ') || text.startsWith('  [')) break; // a table row, not a service's log line
    const cells = text.trim().split(/\s{2,}/);
    rows.push(Object.fromEntries(header.map((column, i) => [column, cells[i]])));
  }
  return rows;
}

interface Mark {
  kind: string;
  lane: string;
  label: string;
  t: number;
  id?: string;
}
const marksOf = (result: CellResult) => result.events.filter((event) => event.kind === 'mark') as unknown as Mark[];

describe('one order, end to end', () => {
  it('deducts, saves, rolls the reback back; the timeout closes the order and the stock comes back once; the timeline shows it', async () => {
    const result = await cleanRun('06-capstone/orders/one-order');
    const [sn, total] = line(result, /^CreateOrder answered: order (\d+), (\d+) yuan$/m);
    expect(Number(total)).toBe(2 * 25 + 39);

    expect(table(result, 'right after CreateOrder', 'inventory')).toEqual([{ goods: '1', stocks: '8' }, { goods: '2', stocks: '4' }]);
    expect(table(result, 'right after CreateOrder', 'stockselldetail')).toEqual([{ order_sn: sn, status: '1', detail: '[{"goods":1,"num":2},{"goods":2,"num":1}]' }]);
    expect(table(result, 'right after CreateOrder', 'orderinfo')).toMatchObject([{ order_sn: sn, status: 'WAIT_BUYER_PAY', order_mount: total }]);
    expect(table(result, 'right after CreateOrder', 'ordergoods').map((row) => row.goods_name)).toEqual(['kettle', 'teapot']);
    expect(table(result, 'right after CreateOrder', 'shoppingcart')).toEqual([]);

    expect(line(result, /^the timeout handler: (.*)$/m)).toEqual(['closed, its stock goes back']);
    expect(result.stdout.match(new RegExp(`AutoReback ${sn}: returned`, 'g'))).toHaveLength(1);
    expect(table(result, 'at the end', 'inventory')).toEqual([{ goods: '1', stocks: '10' }, { goods: '2', stocks: '5' }]);
    expect(table(result, 'at the end', 'stockselldetail')[0].status).toBe('2');
    expect(table(result, 'at the end', 'orderinfo')).toMatchObject([{ status: 'TRADE_CLOSED', close_reason: 'not paid in time' }]);
    expect(table(result, 'at the end', 'ordergoods')).toHaveLength(2);
    expect(table(result, 'at the end', 'shoppingcart')).toEqual([
      { user: '7', goods: '1', nums: '2', checked: '0' }, { user: '7', goods: '2', nums: '1', checked: '0' }]);
    line(result, /^summary: order TRADE_CLOSED, stocks \(kettle\/teapot\) 10\/5 before, 8\/4 after CreateOrder, 10\/5 at the end$/m);

    // The timeline: the order crosses the three lanes in the order the scheme prescribes, the timeout about 5 s later.
    const marks = marksOf(result).filter((mark) => mark.id === sn).sort((a, b) => a.t - b.t);
    expect(new Set(marks.map((mark) => mark.lane))).toEqual(new Set(['order-service', 'broker', 'inventory-service']));
    const labels = marks.map((mark) => mark.label);
    const sequence = ['CreateOrder', 'reback half message stored', 'Sell', 'stock deducted', 'timeout message stored', 'order saved',
      'rollback reback', 'delivers timeout', 'closed: TRADE_CLOSED', 'delivers reback', 'AutoReback: returned'];
    expect(labels.filter((label) => sequence.includes(label))).toEqual(sequence);
    const at = (label: string) => marks.find((mark) => mark.label === label)!.t;
    // Delay messages fire up to timerPrecisionMs (1 s) early: the due time is rounded down.
    expect(at('delivers timeout') - at('timeout message stored')).toBeGreaterThanOrEqual(4000);
  });
});

describe('every kind of order', () => {
  it('keeps the paid order, returns the unpaid and the failed orders once, and never starts the out-of-stock one', async () => {
    const result = await cleanRun('06-capstone/orders/four-orders');
    line(result, /^out of stock: CreateOrder failed \(409\): insufficient stock for goods 2: 1 left, 3 wanted$/m);
    line(result, /^local transaction fails: CreateOrder failed \(500\): the order could not be saved/m);
    line(result, /^summary paid in time: order TRADE_SUCCESS, sell record status 1, stock returned 0 time\(s\)$/m);
    line(result, /^summary never paid: order TRADE_CLOSED \(not paid in time\), sell record status 2, stock returned 1 time\(s\)$/m);
    line(result, /^summary out of stock: order none, sell record none, stock returned 0 time\(s\)$/m);
    line(result, /^summary local transaction fails: order TRADE_CLOSED \(no order when its timeout came\), sell record status 2, stock returned 1 time\(s\)$/m);
    line(result, /^summary stock: kettle 10 → 8, teapot 1 → 1$/m);
    // The failed orders left their carts alone.
    expect(table(result, 'at the end', 'shoppingcart').filter((row) => row.checked === '1').map((row) => row.user)).toEqual(['3', '4']);
  });
});

describe('check-back', () => {
  it('rolls back for an order that exists and commits for one that never came to be, answered by either instance', async () => {
    const result = await cleanRun('06-capstone/check-back/unknown-both-ways');
    const [thrownAge] = line(result, /^ {3}the broker checked back ([\d.]+) s after the half message: WAIT_BUYER_PAY → ROLLBACK$/m);
    expect(Number(thrownAge)).toBeGreaterThanOrEqual(4); // CHECK_BACK_GRACE_MS
    line(result, /^ {3}order #2 answered the check-back for \d+, [\d.]+ s after its half message: NO_ORDER → COMMIT$/m);
    line(result, /^ {3}timeout: closed, its stock goes back$/m);
    line(result, /^summary threw after saving: check-back WAIT_BUYER_PAY → ROLLBACK, order TRADE_CLOSED \(not paid in time\), stock returned 1 time\(s\)$/m);
    line(result, /^summary died before saving: check-back NO_ORDER → COMMIT, order TRADE_CLOSED \(no order when checked back\), stock returned 1 time\(s\)$/m);
    line(result, /^summary stock: kettle 10 → 10$/m);
    // Younger half messages are answered "ask again" (the first check comes after transactionTimeOut, 2 s).
    // The age prints with one decimal, so 3.96 s (under the 4 s grace) reads "4.0".
    for (const [, age] of result.stdout.matchAll(/check-back \d+ after ([\d.]+) s: too early to tell/g)) expect(Number(age)).toBeLessThanOrEqual(4);
  });

  it('checks back a slow local transaction, closes its number, and returns the stock once though the reback is delivered twice', async () => {
    const result = await cleanRun('06-capstone/check-back/slow-local-transaction');
    const [age] = line(result, /the broker checked back while CreateOrder still ran: \d+ time\(s\) too early to tell, then, ([\d.]+) s after the half message: NO_ORDER → COMMIT$/m);
    expect(Number(age)).toBeGreaterThanOrEqual(4);
    line(result, /CreateOrder ends: the order could not be saved \(UNIQUE constraint failed: orderinfo\.order_sn\)/m);
    line(result, /its timeout message: closed already: nothing to do$/m);
    line(result, /^summary: check-back NO_ORDER → COMMIT, CreateOrder failed, reback delivered 2 time\(s\), stock returned 1 time\(s\), kettle 10 → 10$/m);
    // The order that checked back first answered before CreateOrder ended.
    const checkedAt = Number(line(result, /^([\d.]+) s: the broker checked back/m)[0]);
    const endedAt = Number(line(result, /^([\d.]+) s: CreateOrder ends/m)[0]);
    expect(checkedAt).toBeLessThan(endedAt);
  });
});

describe('the timeout', () => {
  it('lets exactly one of Pay and the timeout win, twelve times', async () => {
    const result = await cleanRun('06-capstone/timeout/pay-vs-timeout');
    const [races, paid, closed, both, other, twice] = line(result,
      /^summary: (\d+) races, paid (\d+), closed (\d+), paid and returned (\d+), anything else (\d+), returned twice (\d+)$/m).map(Number);
    expect(races).toBe(12);
    expect(paid + closed).toBe(races);
    expect([both, other, twice]).toEqual([0, 0, 0]);
    const [sold, left, expected] = line(result, /^summary stock: 100 - (\d+) paid = (\d+) \(expected (\d+)\)$/m).map(Number);
    expect([sold, left, expected]).toEqual([paid, 100 - paid, 100 - paid]);
    // Every refusal says why; every order line is one of the two outcomes.
    const orderLines = result.stdout.match(/^order +\d+: .*$/gm) ?? [];
    expect(orderLines).toHaveLength(12);
    for (const order of orderLines) {
      expect(order).toMatch(/→ paid; timeout: paid[^;]*; TRADE_SUCCESS, stock returned 0×$|→ refused \(is closed \(not paid in time\): refund the buyer\); timeout: closed, its stock goes back; TRADE_CLOSED, stock returned 1×$/);
    }
  });
});

describe('AutoReback', () => {
  it('returns once for a reback delivered twice, and records an order it never deducted', async () => {
    const result = await cleanRun('06-capstone/reback/duplicates');
    line(result, /^ {3}delivered again, delivery 2: already returned$/m);
    line(result, /^ {3}the broker checked back: NO_ORDER → COMMIT$/m);
    line(result, /^ {3}AutoReback: nothing was deducted$/m);
    line(result, /^summary delivered twice: delivered 2 time\(s\), stock returned 1 time\(s\), sell record status 2 \[\{"goods":1,"num":2\}\]$/m);
    line(result, /^summary never deducted: delivered 1 time\(s\), stock returned 0 time\(s\), sell record status 2 \[\]$/m);
    line(result, /^summary stock: kettle 10 → 10$/m);
  });

  it('returns a deduction whose answer was lost, and refuses a deduction its reback overtook', async () => {
    const result = await cleanRun('06-capstone/reback/lost-and-overtaken');
    expect(result.stdout.match(/the inventory gave no clear answer \(POST \S+: no answer within 1500 ms\)/g)).toHaveLength(2);
    line(result, /^ {3}then the deduction arrives: refused, order \d+ is closed: its stock was returned before this deduction arrived$/m);
    line(result, /^summary answer lost: sell record status 2 \[\{"goods":1,"num":2\}\], stock returned 1 time\(s\)$/m);
    line(result, /^summary return first: sell record status 2 \[\], stock returned 0 time\(s\)$/m);
    line(result, /^summary stock: kettle 10 → 10$/m);
    expect(table(result, 'at the end', 'orderinfo')).toEqual([]);
  });
});

describe('the Shutdown pitfall', () => {
  it('keeps the consumer working after every per-message producer shuts down; every client has its own id', async () => {
    const result = await cleanRun('06-capstone/questions/shutdown');
    const [handled, of, shutdowns, ids, clients, perMessage, shared] = line(result,
      /^summary: handled (\d+) of (\d+) after (\d+) producer shutdowns, (\d+) distinct client ids for (\d+) clients, producer per message median (\d+) ms, shared producer median (\d+) ms$/m).map(Number);
    expect([handled, of, shutdowns]).toEqual([5, 5, 5]);
    expect(ids).toBe(clients);
    expect(perMessage).toBeGreaterThan(0);
    expect(shared).toBeGreaterThan(0);
  });
});

describe('bad input', () => {
  it('refuses each bad request with a 4xx that says what is wrong, and writes nothing', async () => {
    const result = await cleanRun('06-capstone/orders/bad-input');
    line(result, /^summary: 11 bad requests, 11 refused with 4xx, databases changed: no$/m);
    line(result, /^goods that do not exist: 404 no goods 99/m);
    line(result, /^paying a paid order again: 409 order \d+ is paid already$/m);
    line(result, /^paying an order that does not exist: 404 no order/m);
    line(result, /^an order from an empty cart: 400 user 2 has no checked goods in the cart$/m);
    for (const what of ['zero of something', 'a negative quantity', 'half a kettle', 'an order without an address', 'a deduction of nothing', 'a deduction of -2 kettles', 'a body that is not JSON']) {
      line(result, new RegExp(`^${what}: 400 \\S`, 'm'));
    }
  });
});

describe('what it costs', () => {
  it('measures the half message and its rollback inside CreateOrder', async () => {
    const result = await cleanRun('06-capstone/cost/create-order-latency');
    const median = (what: string) => Number(line(result, new RegExp(`^ +${what.replace(/[()+]/g, '\\$&')} +median +([\\d.]+) ms$`, 'm'))[0]);
    const whole = median('the whole call, as the buyer waits for it');
    const half = median('the half message (send)');
    const end = median('its rollback (end transaction)');
    expect(half).toBeGreaterThan(0);
    expect(end).toBeGreaterThan(0);
    expect(median('deduct + timeout message + local commit')).toBeGreaterThan(0);
    expect(half + end).toBeLessThan(whole);
    const [withMessage, withoutMessage] = line(result, /^summary: with the transactional message ([\d.]+) ms, without it ([\d.]+) ms/m).map(Number);
    expect(withMessage).toBe(whole);
    expect(withoutMessage).toBeLessThan(withMessage);
  });
});

describe('proof under faults', () => {
  /** The report's lines for the seven service faults: [fired, planned, kind]. */
  const faultLines = (result: CellResult) => [...result.stdout.matchAll(/^ {4} *(\d+) \/ (\d+) {2}(.+)$/gm)].map(([, fired, planned, kind]) => ({ fired: Number(fired), planned: Number(planned), kind }));

  it('a small chaos run passes: every order paid, closed or rejected, every invariant ok, services restarted', async () => {
    const result = await cleanRun('06-capstone/chaos/small-run');
    line(result, /^\$ npm run chaos -- --orders 20 --seed 7 --no-broker-restart$/m);
    line(result, /^ {2}chaos: topics and groups named chaos-…, /m);
    line(result, /^ {2}(order|inventory) service died \(exit signal\); restarting it$/m);
    line(result, /^ {2}(order|inventory) service is back after [\d.]+ s$/m);
    const [paid, closed, rejected] = line(result, /^ {2}outcomes: (\d+) paid, (\d+) closed, (\d+) rejected/m).map(Number);
    expect(paid + closed + rejected).toBe(20);
    expect(paid).toBeGreaterThan(0);
    const [orderRestarts, inventoryRestarts] = line(result, /^ {2}restarts: order service (\d+), inventory service (\d+);/m).map(Number);
    expect(orderRestarts).toBeGreaterThanOrEqual(1);
    expect(inventoryRestarts).toBeGreaterThanOrEqual(1);
    const faults = faultLines(result);
    expect(faults.map((fault) => fault.kind)).toHaveLength(7);
    expect(faults.every((fault) => fault.planned === 1 && fault.fired <= 1)).toBe(true);
    expect(faults.filter((fault) => fault.fired === 1).length).toBeGreaterThanOrEqual(4);
    const invariants = result.stdout.match(/^ {4}(ok {2}|FAIL) {2}.*$/gm) ?? [];
    expect(invariants).toHaveLength(9); // seven invariants and two dead-letter queues
    expect(invariants.every((text) => text.startsWith('    ok'))).toBe(true);
    line(result, /^PASSED: no stock lost or returned twice\.$/m);
    line(result, /^exit code 0$/m);
  });

  it('the control run, with a checker that keeps its state in memory, fails: stock never returned, exit 1', async () => {
    const result = await cleanRun('06-capstone/chaos/control-run');
    line(result, /^ {2}chaos: 20 orders, seed 7, .*CONTROL \(wrong checker\)$/m);
    const fired = faultLines(result).find((fault) => fault.kind === 'order killed before its local commit');
    expect(fired?.fired).toBe(1);
    line(result, /^ {4}FAIL {2}a return exactly for deducted orders that did not end paid; paid orders keep their stock \(\d+ checked, \d+ violated\)$/m);
    line(result, /^ {12}\d+ is (not an order|TRADE_CLOSED), but its stock was never returned$/m);
    const [violations] = line(result, /^FAILED: (\d+) violation\(s\)\.$/m).map(Number);
    expect(violations).toBeGreaterThanOrEqual(1);
    line(result, /^exit code 1: the harness caught the wrong checker$/m);
  });
});
