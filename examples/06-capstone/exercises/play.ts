/**
 * What the capstone's exercises share. An exercise's program is one of the two services with one
 * function replaced. Started by a shop (the check's, or the one Run starts), it serves as that
 * service. Run on its own, it starts a shop around itself and plays the exercise's scenario, so
 * you see what your version does; Check plays the same scenario and audits both databases and
 * the broker.
 */
import { FilterExpression, SimpleConsumer } from 'rocketmq-client-nodejs';
import { connection, finish, sleep, start } from '../../lib/workbook.ts';
import { REBACK_TOPIC } from '../services/messaging.ts';
import { fileUnderTest } from '../../lib/exercise.ts';
import { startShop, type Shop, type ShopOptions, type ShopRows } from '../shop.ts';

export interface Scenario<Result> {
  /** Which service the exercise's program replaces. */
  role: 'order' | 'inventory';
  shop: ShopOptions;
  /** Drive the shop, say what happens, and return what the check audits. */
  play(shop: Shop): Promise<Result>;
}

/** Start the shop for `scenario`, with `file` as the service the exercise replaces. */
export function startExerciseShop(scenario: Scenario<unknown>, file: string): Promise<Shop> {
  return startShop({ ...scenario.shop, [scenario.role === 'order' ? 'orderServiceFile' : 'inventoryServiceFile']: file });
}

/** Serve as the service when a shop started this program; otherwise play the scenario with this program in a shop. */
export async function serveOrPlay(scenario: Scenario<unknown>, serve: () => Promise<void>): Promise<void> {
  if (process.env.CAPSTONE_SHOP) return serve();
  const shop = await startExerciseShop(scenario, process.argv[1]);
  try {
    await scenario.play(shop);
    await shop.printTables('at the end', ['inventory', 'stockselldetail', 'orderinfo']);
  } finally {
    await shop.stop();
  }
  console.log('Check runs this scenario against your version and audits the databases and the broker.');
  await finish();
}

/**
 * The check's own view of the broker: a consumer group of its own on order_reback, which sees
 * every reback the shop committed, whatever the services did with theirs.
 */
export async function auditRebacks(shop: Shop) {
  const consumer = await start(new SimpleConsumer({
    ...connection(),
    consumerGroup: `${shop.name}-check`,
    subscriptions: new Map([[REBACK_TOPIC, new FilterExpression(shop.name)]]),
    awaitDuration: 3000,
  }));
  const committed = new Map<string, number>();
  let running = true;
  const loop = (async () => {
    while (running) {
      for (const message of await consumer.receive(16, 15_000).catch(() => [])) {
        const sn = message.keys[0];
        committed.set(sn, (committed.get(sn) ?? 0) + 1);
        await consumer.ack(message).catch(() => undefined);
      }
    }
  })();
  await sleep(1000); // the group's first long poll is open before the scenario starts
  return {
    /** How many rebacks for `orderSn` the broker has delivered to this group so far. */
    count: (orderSn: string) => committed.get(orderSn) ?? 0,
    /** Wait until the broker has delivered `n` rebacks for `orderSn`; throws after `timeoutMs`. */
    async waitFor(orderSn: string, n = 1, timeoutMs = 30_000): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      while ((committed.get(orderSn) ?? 0) < n) {
        if (Date.now() > deadline) throw new Error(`the broker delivered ${committed.get(orderSn) ?? 0} rebacks for ${orderSn}, not ${n}, within ${timeoutMs / 1000} s`);
        await sleep(100);
      }
    },
    /** Stop reading; how many rebacks the broker delivered for each order. */
    async stop(): Promise<Map<string, number>> {
      running = false;
      await loop;
      await consumer.shutdown().catch(() => undefined);
      return committed;
    },
  };
}

/**
 * What a check does first: start a shop with the program under test, audit the broker, play the
 * scenario, and collect what to judge: the scenario's result (or why it broke off), the rebacks
 * the broker delivered per order, and both databases as they ended.
 */
export async function playUnderAudit<Result>(exercise: string, scenario: Scenario<Result>) {
  const shop = await startExerciseShop(scenario as Scenario<unknown>, fileUnderTest(exercise));
  const audit = await auditRebacks(shop);
  let run: Result | undefined;
  let failure = '';
  try {
    run = await scenario.play(shop);
  } catch (error) {
    failure = (error as Error).message;
  }
  const committed = await audit.stop();
  const rows: ShopRows = await shop.rows();
  await shop.stop();
  return { run, failure, committed, rows };
}
