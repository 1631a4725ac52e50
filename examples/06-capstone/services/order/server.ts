/**
 * The order service: its own process, its own database (ORDER_DB), HTTP on ORDER_PORT, one
 * producer for order_reback (with the checker) and order_timeout, and the timeout consumer.
 * Everything it knows is in the database, so a restarted service carries on, and answers
 * check-backs for orders an earlier process started.
 */
import { Producer } from 'rocketmq-client-nodejs';
import { describeTarget, openDb } from '../db.ts';
import { faultRoutes } from '../faults.ts';
import { input, serve } from '../http.ts';
import { consume, markOrder, REBACK_TOPIC, shop, TIMEOUT_TOPIC, type RebackBody } from '../messaging.ts';
import { connection, finish, start } from '../../../lib/workbook.ts';
import { addToCart } from './cart.ts';
import { checkLocalTransaction } from './check-local-transaction.ts';
import { config, type OrderContext } from './context.ts';
import { createOrder } from './create-order.ts';
import { onOrderTimeout } from './order-timeout.ts';
import { pay } from './pay.ts';
import { createTables } from './tables.ts';

/**
 * Start the service. An exercise passes its own `pay` to run the service with it; the chaos
 * harness's control run passes a wrong checker (chaos/control/).
 */
export async function runOrderService(
  replace: { pay?: typeof pay; checkLocalTransaction?: typeof checkLocalTransaction } = {},
): Promise<void> {
  const payOrder = replace.pay ?? pay;
  const check = replace.checkLocalTransaction ?? checkLocalTransaction;
  const db = openDb(config.database);
  await createTables(db);
  console.log(`starting: tables ready at ${process.uptime().toFixed(1)} s`);
  const context = { db, config } as OrderContext;
  // One producer for the life of the process, for both topics. Declaring order_reback makes it
  // one of the producers the broker asks when it checks back. order_timeout is not declared: its
  // route is fetched at the first send. Client 1.0.8 has a race with two declared topics.
  // startup() opens the telemetry stream after the first topic's route. It then waits for the
  // proxy's first settings, but only after the second route query, and a reply that arrives in
  // between is lost. startup() then hangs until the next settings sync, 5 minutes later.
  // (BaseClient.#startup / #fetchTopicRoute / onSettingsCommand in rocketmq-client-nodejs 1.0.8.)
  context.producer = await start(new Producer({
    ...connection(),
    topic: REBACK_TOPIC,
    checker: { check: (message) => check(context, message) },
  }));
  console.log(`starting: producer started at ${process.uptime().toFixed(1)} s`);
  // Stopped by its shop (SIGTERM): shut the clients down, which tells the broker this producer is
  // gone. A killed producer stays on the broker's list until its channel expires (120 s,
  // ProducerManager.CHANNEL_EXPIRED_TIMEOUT), and meanwhile gets, and loses, its share of the
  // check-backs the broker spreads over the topic's producers.
  process.once('SIGTERM', () => void finish());

  if (config.handlesTimeouts) {
    await consume(TIMEOUT_TOPIC, 'order-timeout', async (message) => {
      const order = JSON.parse(message.body.toString()) as RebackBody;
      markOrder('broker', 'delivers timeout', order.order_sn);
      const outcome = await onOrderTimeout(context, order);
      console.log(`timeout ${order.order_sn}: ${outcome}`);
    });
    console.log(`starting: timeout consumer started at ${process.uptime().toFixed(1)} s`);
  }

  const server = await serve(config.port, {
    'GET /health': async () => ({ service: 'order', shop }),
    'POST /cart': async (body) => addToCart(db, input.positiveInt(body.user, 'user'), input.positiveInt(body.goods, 'goods'), input.positiveInt(body.nums, 'nums')),
    'POST /orders': async (body) => {
      const request = {
        user: input.positiveInt(body.user, 'user'),
        address: input.text(body.address, 'address'),
        name: input.text(body.name, 'name', 40),
        mobile: input.text(body.mobile, 'mobile', 20),
        post: input.text(body.post, 'post'),
      };
      const placed = await createOrder(context, request);
      console.log(`CreateOrder ${placed.order_sn}: WAIT_BUYER_PAY, ${placed.total} yuan`);
      return placed;
    },
    'POST /orders/:orderSn/pay': async (_body, { orderSn }) => {
      const paid = await payOrder(db, orderSn);
      markOrder('order-service', 'paid: TRADE_SUCCESS', orderSn);
      console.log(`Pay ${orderSn}: TRADE_SUCCESS`);
      return paid;
    },
    'GET /orders/:orderSn': async (_body, { orderSn }) => {
      const [order] = await db.query('SELECT * FROM orderinfo WHERE order_sn = ?', [orderSn]);
      return { order: order ?? null, goods: await db.query('SELECT * FROM ordergoods WHERE order_sn = ?', [orderSn]) };
    },
    ...faultRoutes(),
  });
  console.log(`ready: order service on http://127.0.0.1:${server.port} (shop ${shop}, database ${describeTarget(config.database)})`);
}
