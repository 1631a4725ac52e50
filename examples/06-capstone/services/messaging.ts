/**
 * What the two services share about RocketMQ: the topics, the shop's tag and groups, the receive
 * loop, and the marks they put on the page's timeline.
 */
import { FilterExpression, SimpleConsumer, type MessageView } from 'rocketmq-client-nodejs';
import definitions from 'rocketmq-client-nodejs/proto/apache/rocketmq/v2/definition_pb.js';
import { mark } from '../../lib/timeline.ts';
import { connection, sleep, start } from '../../lib/workbook.ts';

// COMMIT, ROLLBACK, or TRANSACTION_RESOLUTION_UNSPECIFIED ("no answer"): what a checker returns.
// The package does not export it from its root (rocketmq-clients issue #675).
export const { TransactionResolution } = definitions;
export type TransactionResolution = (typeof TransactionResolution)[keyof typeof TransactionResolution];

/** Transactional: "return this order's stock". Sent as a half message before anything happens. */
export const REBACK_TOPIC = 'order_reback';
/** Delay: "this order's time to pay is up". */
export const TIMEOUT_TOPIC = 'order_timeout';

/**
 * Which shop this process belongs to. Every cell starts a shop of its own (two services, two new
 * databases) on the one tutorial broker, the way staging and production can share a cluster: each
 * shop tags its messages with its name, reads with consumer groups of its own, and filters on its tag.
 */
export const shop = process.env.CAPSTONE_SHOP || 'shop';

/** What a reback message carries: whose order, which order. The inventory knows what it deducted. */
export interface RebackBody {
  order_sn: string;
  user: number;
}

/**
 * How long a received message stays invisible to the group while a handler works on it; if the
 * process dies before the ack, the message is delivered again after this. 10 s is the proxy's minimum.
 */
const INVISIBLE_MS = 10_000;
/** A handler that throws asks for the message again after this long (the article's ConsumeRetryLater). */
const RETRY_LATER_MS = Number(process.env.RETRY_LATER_MS || 2000);

/**
 * Receive this shop's messages of `topic` in the group `<shop>-<name>`, hand each to `handle`, and
 * acknowledge it when `handle` returns. When `handle` throws, the message is not acknowledged: the
 * broker delivers it again after RETRY_LATER_MS, with deliveryAttempt one higher.
 */
export async function consume(topic: string, name: string, handle: (message: MessageView) => Promise<void>) {
  const consumer = await start(new SimpleConsumer({
    ...connection(),
    consumerGroup: `${shop}-${name}`,
    subscriptions: new Map([[topic, new FilterExpression(shop)]]),
    awaitDuration: 3000,
  }));
  let running = true;
  const loop = (async () => {
    while (running) {
      let messages: MessageView[];
      try {
        messages = await consumer.receive(16, INVISIBLE_MS);
      } catch (error) {
        if (running) console.log(`receive from ${topic} failed, trying again: ${(error as Error).message}`);
        await sleep(1000);
        continue;
      }
      for (const message of messages) {
        try {
          await handle(message);
          await consumer.ack(message);
        } catch (error) {
          console.log(`${topic} ${message.keys.join(',')}: ${(error as Error).message}; retry in ${RETRY_LATER_MS} ms`);
          await consumer.changeInvisibleDuration(message, RETRY_LATER_MS).catch(() => undefined);
        }
      }
    }
  })();
  return {
    /** Stop receiving; the open long poll ends within awaitDuration. */
    async stop() {
      running = false;
      await loop;
    },
  };
}

type Lane = 'order-service' | 'inventory-service' | 'broker';

/**
 * A mark on the page's timeline for one order. The services are processes of their own, so they
 * time their marks from the cell's start (CAPSTONE_TIMELINE_ORIGIN, epoch ms), not from their own.
 */
export function markOrder(lane: Lane, label: string, orderSn: string, detail?: string): void {
  const origin = Number(process.env.CAPSTONE_TIMELINE_ORIGIN);
  mark(lane, label, { id: orderSn, ...(detail ? { detail } : {}), ...(origin ? { at: Date.now() - origin } : {}) });
}
