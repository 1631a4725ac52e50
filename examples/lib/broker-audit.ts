/**
 * What an exercise's check asks the broker, so that it never has to believe the program's
 * printout: where the run's messages were stored, which consumer groups the broker handed them
 * to, what a group subscribed to while it was online, and what the broker put back for
 * redelivery. The read-only calls themselves live in sandbox/broker/inspect.ts (one
 * implementation, shared with the console); this file adds the questions a check asks.
 *
 * The broker is found through the name server in ROCKETMQ_NAMESRV, which the sandbox gives
 * every run. Topics and groups are named as the program writes them; in a room on one broker
 * (WORKBOOK_NAMESPACE) each question asks about the attendee's prefixed names, and answers come
 * back with the prefix taken off (sandbox/broker/room.ts), as the program's client sees them.
 */
import {
  consumeStats, consumerConnections, groupsOfTopic, messageById, messagesByKey, popRetryTopics, topicBrokers, topicOffsets,
  type BrokerRef, type StoredMessage, type Subscription,
} from '../../sandbox/broker/inspect.ts';
import { inRoom, isInRoom, outOfRoom } from '../../sandbox/broker/room.ts';
import { sleep } from './workbook.ts';

export type { StoredMessage, Subscription } from '../../sandbox/broker/inspect.ts';

/** A stored message and the broker that holds it. */
export interface Located extends StoredMessage {
  broker: BrokerRef;
}

/** The master brokers of `topic`; throws with what to do when the name server has none. */
export async function brokersOf(topic: string): Promise<BrokerRef[]> {
  const namesrv = process.env.ROCKETMQ_NAMESRV || '127.0.0.1:9876';
  const brokers = await topicBrokers(namesrv, inRoom(topic)).catch((error: Error) => {
    throw new Error(`the check cannot reach the name server at ${namesrv} (${error.message}): is the broker running? npm run broker -- status`);
  });
  if (brokers.length === 0) {
    throw new Error(`no broker holds the topic ${inRoom(topic)}: ${inRoom(topic) === topic ? 'npm run broker -- start' : 'npm run broker -- topics'} creates it`);
  }
  return brokers;
}

/** How long a check waits for the broker's index, which runs a little behind the store. */
const INDEX_WAIT_MS = 5000;

/** The messages of `topic` stored with the key `key` (as in `keys: [key]`), from the broker's index. */
export async function storedWithKey(topic: string, key: string, waitMs = INDEX_WAIT_MS): Promise<Located[]> {
  const brokers = await brokersOf(topic);
  const deadline = Date.now() + waitMs;
  for (;;) {
    const found = (await Promise.all(brokers.map(async (broker) =>
      (await messagesByKey(broker.address, inRoom(topic), key)).map((message) => located(message, broker))))).flat();
    if (found.length > 0 || Date.now() >= deadline) return found;
    await sleep(200);
  }
}

/** The stored copy of each message id in `ids` (sent to `topic`), from the broker's index; ids it cannot find are left out. */
export async function storedById(topic: string, ids: string[], waitMs = INDEX_WAIT_MS): Promise<Located[]> {
  const brokers = await brokersOf(topic);
  const found = new Map<string, Located>();
  const deadline = Date.now() + waitMs;
  for (;;) {
    const missing = ids.filter((id) => !found.has(id));
    // A few lookups at a time: each is one small request.
    for (let i = 0; i < missing.length; i += 16) {
      await Promise.all(missing.slice(i, i + 16).map(async (id) => {
        for (const broker of brokers) {
          const message = await messageById(broker.address, inRoom(topic), id);
          if (message) return void found.set(id, located(message, broker));
        }
      }));
    }
    if (found.size === ids.length || Date.now() >= deadline) return ids.flatMap((id) => found.get(id) ?? []);
    await sleep(200);
  }
}

/**
 * Which of `messages` the broker has handed to `group`: those its committed offset has passed.
 * A pop-mode group's offset moves when the broker hands a batch out (or skips messages its
 * subscription filters out), before any ack; so "handed" means received or filtered, never
 * "acknowledged". mqadmin's messageTrack reads offsets the same way.
 */
export async function handedTo(group: string, messages: Located[]): Promise<Located[]> {
  const offsets = new Map<string, number>();
  for (const topic of new Set(messages.map((message) => message.topic))) {
    for (const broker of new Map(messages.map((message) => [message.broker.address, message.broker])).values()) {
      for (const queue of await consumeStats(broker.address, inRoom(group), inRoom(topic))) {
        if (queue.topic === inRoom(topic)) offsets.set(`${broker.address} ${topic} ${queue.queueId}`, queue.consumerOffset);
      }
    }
  }
  return messages.filter((message) =>
    (offsets.get(`${message.broker.address} ${message.topic} ${message.queueId}`) ?? 0) > message.queueOffset);
}

/** How many of `messages` (all of one topic) the broker has handed to each consumer group it knows for the topic, `except` those; groups handed none are left out. */
export async function groupsHanded(messages: Located[], except: string[] = []): Promise<Map<string, number>> {
  const groups = new Set<string>();
  for (const broker of new Map(messages.map((message) => [message.broker.address, message.broker])).values()) {
    for (const group of await groupsOfTopic(broker.address, inRoom(messages[0].topic))) {
      if (isInRoom(group)) groups.add(outOfRoom(group)); // another attendee's groups are not this program's
    }
  }
  const counts = new Map<string, number>();
  for (const group of [...groups].filter((g) => !except.includes(g)).sort()) {
    const handed = (await handedTo(group, messages)).length;
    if (handed > 0) counts.set(group, handed);
  }
  return counts;
}

/** `groupsHanded()`'s counts for a check's failure message: `group-a got 4, group-b got 10`, or `no group got any`. */
export function describeHanded(counts: Map<string, number>): string {
  return counts.size ? [...counts].map(([group, count]) => `${group} got ${count}`).join(', ') : 'no group got any';
}

/**
 * Watch the subscription the broker holds for `group` while something else runs: a sample every
 * `everyMs`, from now until stop(). A gRPC consumer is online from startup() to shutdown(), so
 * the program's consumer is seen while the program runs.
 */
export function watchSubscriptions(group: string, topic: string, everyMs = 200) {
  const seen = new Map<string, Subscription>();
  let sightings = 0;
  let running = true;
  const watching = (async () => {
    const brokers = await brokersOf(topic);
    while (running) {
      for (const broker of brokers) {
        const connections = await consumerConnections(broker.address, inRoom(group)).catch(() => undefined);
        if (!connections) continue;
        sightings++;
        for (const subscription of connections.subscriptions) {
          if (subscription.topic === inRoom(topic)) seen.set(`${subscription.expressionType} ${subscription.expression}`, subscription);
        }
      }
      await sleep(everyMs);
    }
  })();
  return {
    /** Stop watching; resolves with every distinct subscription seen, and how often the group was online. */
    async stop(): Promise<{ subscriptions: Subscription[]; sightings: number }> {
      running = false;
      await watching;
      return { subscriptions: [...seen.values()], sightings };
    },
  };
}

/**
 * How many of `group`'s messages from `topic` the broker has written to the group's retry topic:
 * messages handed out and not acknowledged within their invisible time, on their way back to the
 * group (PopReviveService). 0 while the retry topic does not exist.
 */
export async function redeliveries(group: string, topic: string): Promise<number> {
  let count = 0;
  for (const broker of await brokersOf(topic)) {
    for (const retryTopic of popRetryTopics(inRoom(group), inRoom(topic))) {
      for (const queue of (await topicOffsets(broker.address, retryTopic)) ?? []) count += queue.maxOffset;
    }
  }
  return count;
}

/** A stored message as the program names it (its topic without the attendee's prefix), with the broker that holds it. */
function located(message: StoredMessage, broker: BrokerRef): Located {
  return { ...message, topic: outOfRoom(message.topic), broker };
}
