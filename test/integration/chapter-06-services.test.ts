/**
 * The capstone's two services, driven directly (no sandbox): real processes, real SQLite files, the
 * real broker. Besides the databases, the tests read order_reback with a consumer group of their
 * own, so "no reback was delivered" and "delivered once" are the broker's word, not the services'.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessageView } from 'rocketmq-client-nodejs';
import { auditRebacks } from '../../examples/06-capstone/exercises/play.ts';
import { REBACK_TOPIC, TransactionResolution } from '../../examples/06-capstone/services/messaging.ts';
import { startShop, type OrderResult, type Shop } from '../../examples/06-capstone/shop.ts';
import { producerFor, shutdownAll } from '../support/clients.ts';

// One shop for the whole file (starting one takes seconds): 1000 kettles, two seconds to pay.
// Each test places orders of its own and waits until they have settled before it ends.
let shop: Shop;
let audit: Awaited<ReturnType<typeof auditRebacks>>;

beforeAll(async () => {
  shop = await startShop({ stocks: { 1: 1000 }, orderTimeoutSeconds: 2, logs: false });
  audit = await auditRebacks(shop);
});

afterAll(async () => {
  await audit?.stop();
  await shop?.stop();
});

const kettles = async () => (await shop.rows()).inventory[0].stocks;
const orderSn = (result: OrderResult) => {
  expect(result.ok || result.order_sn, JSON.stringify(result)).toBeTruthy();
  return result.ok ? result.order_sn : result.order_sn!;
};
const order = async (sn: string) => (await shop.rows()).orderinfo.find((row) => row.order_sn === sn);
const sellRecord = async (sn: string) => (await shop.rows()).stockselldetail.find((row) => row.order_sn === sn);
/** How many times the inventory returned `sn`'s stock, once it has handled a reback for it (it logs after committing). */
const returns = async (sn: string) => {
  await shop.waitForLine(new RegExp(`^AutoReback ${sn}: `));
  return shop.countLines(new RegExp(`^AutoReback ${sn}: returned`));
};

describe('CreateOrder', () => {
  it('stops an order without enough stock before any local transaction: no order, stock unchanged, no reback delivered', async () => {
    const before = await kettles();
    const short = await shop.placeOrder(1, [[1, before + 1]]);
    expect(short).toMatchObject({ ok: false, status: 409 });
    // A failing order after it, whose reback is committed: once the broker delivered that one, it would have delivered the first.
    await shop.orders.arm('order.before-local-commit', 'fail');
    const marker = orderSn(await shop.placeOrder(2, [[1, 1]]));
    await audit.waitFor(marker);
    await shop.waitUntil('the marker\'s return', (rows) => rows.stockselldetail.find((row) => row.order_sn === marker)?.status === 2);
    expect(audit.count(orderSn(short))).toBe(0);
    expect(await order(orderSn(short))).toBeUndefined();
    expect(await sellRecord(orderSn(short))).toBeUndefined();
    expect(await kettles()).toBe(before);
  });

  it('returns the stock of an order whose local transaction fails, exactly once', async () => {
    const before = await kettles();
    await shop.orders.arm('order.before-local-commit', 'fail');
    const failed = await shop.placeOrder(3, [[1, 3]]);
    expect(failed).toMatchObject({ ok: false, status: 500 });
    const sn = orderSn(failed);
    await audit.waitFor(sn);
    // Its timeout message comes too, finds no order, and closes the number without a second reback.
    await shop.waitForLine(new RegExp(`^timeout ${sn}: no such order`), 30_000);
    await shop.waitUntil('the return', (rows) => rows.stockselldetail.find((row) => row.order_sn === sn)?.status === 2);
    expect(await kettles()).toBe(before);
    expect(await returns(sn)).toBe(1);
    expect(audit.count(sn)).toBe(1);
  });
});

describe('the timeout', () => {
  it('leaves an order paid before its timeout alone: stock kept, no reback delivered', async () => {
    const before = await kettles();
    const sn = orderSn(await shop.placeOrder(4, [[1, 2]]));
    expect(await shop.pay(sn)).toEqual({ ok: true });
    await shop.waitForLine(new RegExp(`^timeout ${sn}: paid: nothing to do$`), 30_000);
    // An unpaid order after it: its reback is the sign that the broker has caught up.
    const unpaid = orderSn(await shop.placeOrder(5, [[1, 1]]));
    await audit.waitFor(unpaid);
    await shop.waitUntil('the unpaid order\'s return', (rows) => rows.stockselldetail.find((row) => row.order_sn === unpaid)?.status === 2);
    expect(audit.count(sn)).toBe(0);
    expect((await order(sn))?.status).toBe('TRADE_SUCCESS');
    expect(await kettles()).toBe(before - 2);
  });

  it('closes an unpaid order and returns its stock once', async () => {
    const before = await kettles();
    const sn = orderSn(await shop.placeOrder(6, [[1, 4]]));
    expect(await kettles()).toBe(before - 4);
    await audit.waitFor(sn);
    await shop.waitUntil('the return', (rows) => rows.stockselldetail.find((row) => row.order_sn === sn)?.status === 2);
    expect(await order(sn)).toMatchObject({ status: 'TRADE_CLOSED', close_reason: 'not paid in time' });
    expect(await kettles()).toBe(before);
    expect(audit.count(sn)).toBe(1);
    expect(await returns(sn)).toBe(1);
    expect(await shop.pay(sn)).toMatchObject({ ok: false, status: 409 });
  });

  // The handler reads WAIT_BUYER_PAY, stores its reback half message, then stalls (a fault
  // point): Pay comes in that gap. The handler's conditional UPDATE then changes no row.
  it('lets Pay win when it comes between the timeout handler\'s half message and its close, five times', async () => {
    const ORDERS = 5;
    const before = await kettles();
    await shop.orders.arm('order.timeout.before-close', 'delay', 3000, { times: ORDERS });
    const orders: string[] = [];
    for (let i = 0; i < ORDERS; i++) orders.push(orderSn(await shop.placeOrder(10 + i, [[1, 1]])));
    const answers = await Promise.all(orders.map(async (sn) => {
      await shop.waitForLine(new RegExp(`^fault at order\\.timeout\\.before-close \\(${sn}\\)`), 60_000);
      return shop.pay(sn);
    }));
    expect(answers).toEqual(orders.map(() => ({ ok: true })));
    for (const sn of orders) await shop.waitForLine(new RegExp(`^timeout ${sn}: paid a moment before: nothing to do$`), 30_000);
    for (const sn of orders) expect((await order(sn))?.status).toBe('TRADE_SUCCESS');
    expect(await kettles()).toBe(before - ORDERS);
    expect(orders.map((sn) => audit.count(sn))).toEqual(orders.map(() => 0));
  });

  // The handler has committed the close, and stalls before it commits its reback: Pay comes in that gap.
  it('refuses Pay when it comes after the close but before the reback is committed, five times; each stock comes back once', async () => {
    const ORDERS = 5;
    const before = await kettles();
    await shop.orders.arm('order.timeout.after-close', 'delay', 3000, { times: ORDERS });
    const orders: string[] = [];
    for (let i = 0; i < ORDERS; i++) orders.push(orderSn(await shop.placeOrder(20 + i, [[1, 1]])));
    const answers = await Promise.all(orders.map(async (sn) => {
      await shop.waitForLine(new RegExp(`^fault at order\\.timeout\\.after-close \\(${sn}\\)`), 60_000);
      return shop.pay(sn);
    }));
    expect(answers.map((answer) => (answer.ok ? 'paid' : answer.status))).toEqual(orders.map(() => 409));
    for (const sn of orders) await audit.waitFor(sn);
    await shop.waitUntil('the returns', (rows) => orders.every((sn) => rows.stockselldetail.find((row) => row.order_sn === sn)?.status === 2));
    for (const sn of orders) expect((await order(sn))?.status).toBe('TRADE_CLOSED');
    expect(await kettles()).toBe(before);
    expect(await Promise.all(orders.map(returns))).toEqual(orders.map(() => 1));
  });
});

describe('AutoReback', () => {
  it('returns nothing more for a duplicated reback message, sent by another producer', async () => {
    const before = await kettles();
    await shop.orders.arm('order.before-local-commit', 'fail');
    const sn = orderSn(await shop.placeOrder(30, [[1, 5]]));
    await shop.waitForLine(new RegExp(`^AutoReback ${sn}: returned`));
    expect(await kettles()).toBe(before);

    // The same reback again: a new message with the same body, committed at once. Its checker
    // answers only for its own messages (the broker may ask any producer of the topic).
    const mine = new Set<string>();
    const duplicate = await producerFor(REBACK_TOPIC, {
      checker: { check: async (message: MessageView) => (mine.has(message.messageId) ? TransactionResolution.COMMIT : TransactionResolution.TRANSACTION_RESOLUTION_UNSPECIFIED) },
    });
    try {
      const transaction = duplicate.beginTransaction();
      const receipt = await duplicate.send({ topic: REBACK_TOPIC, tag: shop.name, keys: [sn], body: Buffer.from(JSON.stringify({ order_sn: sn, user: 30 })) }, transaction);
      mine.add(receipt.messageId);
      await transaction.commit();
    } finally {
      await shutdownAll(duplicate);
    }
    await audit.waitFor(sn, 2);
    await shop.waitForLine(new RegExp(`^AutoReback ${sn}: already returned`));
    expect(await kettles()).toBe(before);
    expect(await returns(sn)).toBe(1);
  });

  it('acknowledges a reback that is not JSON without retrying it', async () => {
    const producer = await producerFor(REBACK_TOPIC, { checker: { check: async () => TransactionResolution.TRANSACTION_RESOLUTION_UNSPECIFIED } });
    const key = randomUUID();
    try {
      const transaction = producer.beginTransaction();
      await producer.send({ topic: REBACK_TOPIC, tag: shop.name, keys: [key], body: Buffer.from('not json') }, transaction);
      await transaction.commit();
    } finally {
      await shutdownAll(producer);
    }
    await audit.waitFor(key);
    await shop.waitForLine(/that is not a reback .*: acknowledged and dropped$/);
    expect(shop.countLines(new RegExp(`^${REBACK_TOPIC} ${key}: .*retry in`))).toBe(0);
  });
});
