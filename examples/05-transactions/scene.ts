/**
 * What every transaction cell needs besides its story: a transactional producer whose checker
 * answers only for this run's messages, and a consumer group that records when each of this
 * run's messages arrives, with a mark on the page's timeline.
 */
import { FilterExpression, Producer, SimpleConsumer, type MessageView } from 'rocketmq-client-nodejs';
import { mark } from '../lib/timeline.ts';
import { TransactionResolution } from '../lib/transactions.ts';
import { connection, sleep, start } from '../lib/workbook.ts';

/**
 * Start a producer for `topic` with a checker: check-backs about run `run`'s messages go to
 * `check`; others (an earlier run's, or another cell's on the same topic) get UNKNOWN and are
 * left alone. Written out, it is what commit.ts does:
 *   new Producer({ ...connection(), topic, checker: { check } })
 */
export function transactionalProducer(topic: string, run: string,
  check: (message: MessageView) => Promise<TransactionResolution> | TransactionResolution): Promise<Producer> {
  return start(new Producer({
    ...connection(),
    topic, // the broker sends check-backs only to live producers that declared the topic
    checker: {
      async check(message) {
        if (message.properties.get('run') !== run) return TransactionResolution.TRANSACTION_RESOLUTION_UNSPECIFIED;
        return check(message);
      },
    },
  }));
}

export interface Delivery {
  at: number;
  messageId: string;
  /** The message's "order" property. */
  order: string;
}

/**
 * Start reading `topic` with `group`, recording run `run`'s messages. It polls from the start, so
 * that a new group's start offset is set before anything is sent. `lane` names it in the output
 * and on the timeline.
 */
export async function watchDeliveries(topic: string, group: string, run: string, lane = 'consumer') {
  const deliveries: Delivery[] = [];
  const consumer = await start(new SimpleConsumer({
    ...connection(),
    consumerGroup: group,
    subscriptions: new Map([[topic, FilterExpression.SUB_ALL]]),
    awaitDuration: 3000,
  }));
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      for (const message of await consumer.receive(16, 15_000)) {
        if (message.properties.get('run') === run) {
          const order = message.properties.get('order') ?? '?';
          deliveries.push({ at: Date.now(), messageId: message.messageId, order });
          console.log(`  ${lane}: received order ${order} (message id ${message.messageId})`);
          mark(lane, 'delivered', { id: order });
        }
        await consumer.ack(message);
      }
    }
  })();
  return {
    deliveries,
    /** How many times order `order` has been delivered so far. */
    count: (order: string) => deliveries.filter((d) => d.order === order).length,
    /** Wait until `done()` holds or `ms` pass; true if it holds. */
    async until(done: () => boolean, ms: number) {
      const deadline = Date.now() + ms;
      while (!done() && Date.now() < deadline) await sleep(50);
      return done();
    },
    /** Stop polling (waits for the open long poll to end). */
    async stop() {
      stopped = true;
      await loop;
    },
  };
}

/** "1 time", "3 times". */
export const times = (n: number) => `${n} ${n === 1 ? 'time' : 'times'}`;
