/**
 * The console's message lookup: a topic's messages by message id or key, and for each, what the
 * broker recorded of its redeliveries. A pop-mode group (every gRPC consumer) that does not
 * acknowledge a message in time gets it again through a copy in its retry topic, with the same
 * message id and keys and RECONSUME_TIME one higher (PopReviveService.reviveRetry, which copies
 * the properties); the index finds those copies under the same id or key.
 */
import type { MessageRow, MessagesView, Redelivery } from '../console-protocol.ts';
import { NotFound } from './console-views.ts';
import { groupsOfTopic, messageById, messagesByKey, popRetryTopics, topicBrokers, type StoredMessage } from './inspect.ts';

/** Groups whose retry topics a lookup reads: each costs 2 requests, and a lookup is one click, not a poll. */
const maxGroups = 10;

/** Messages of `topic` by message id or by key, from the broker's index: 2 requests per broker, and 2 per group that reads the topic (up to 10). */
export async function findMessages(namesrv: string, topic: string, by: 'id' | 'key', value: string): Promise<MessagesView> {
  const brokers = await topicBrokers(namesrv, topic);
  if (brokers.length === 0) throw new NotFound(`no topic "${topic}" on the broker`);
  const lookUp = (broker: string, inTopic: string) => by === 'id'
    ? messageById(broker, inTopic, value).then((message) => (message ? [message] : []))
    : messagesByKey(broker, inTopic, value);
  const found: StoredMessage[] = [];
  const copies: { group: string; message: StoredMessage }[] = [];
  for (const broker of brokers) {
    const [messages, groups] = await Promise.all([lookUp(broker.address, topic), groupsOfTopic(broker.address, topic)]);
    found.push(...messages);
    if (messages.length === 0) continue;
    for (const group of groups.slice(0, maxGroups)) {
      for (const retryTopic of popRetryTopics(group, topic)) {
        for (const message of await lookUp(broker.address, retryTopic)) copies.push({ group, message });
      }
    }
  }
  if (found.length === 0) throw new NotFound(`no message with the ${by === 'id' ? 'message id' : 'key'} "${value}" in topic "${topic}" (the index runs a moment behind a send)`);
  return { topic, by, value, messages: found.map((message) => row(message, redeliveriesOf(message, copies))) };
}

/** The latest retry copy of `message` per group. */
function redeliveriesOf(message: StoredMessage, copies: { group: string; message: StoredMessage }[]): Redelivery[] {
  const latest = new Map<string, Redelivery>();
  for (const copy of copies) {
    if (!message.messageId || copy.message.messageId !== message.messageId) continue;
    const seen = latest.get(copy.group);
    if (seen && seen.reconsumeTimes >= copy.message.reconsumeTimes) continue;
    latest.set(copy.group, {
      group: copy.group, retryTopic: copy.message.topic,
      reconsumeTimes: copy.message.reconsumeTimes, deliveryAttempts: copy.message.reconsumeTimes + 1,
    });
  }
  return [...latest.values()].sort((a, b) => a.group.localeCompare(b.group));
}

function row(message: StoredMessage, redeliveries: Redelivery[]): MessageRow {
  return {
    topic: message.topic, queueId: message.queueId, queueOffset: message.queueOffset, messageId: message.messageId,
    tag: message.tag, keys: message.keys, bornAt: message.bornAt.toISOString(), storedAt: message.storedAt.toISOString(),
    reconsumeTimes: message.reconsumeTimes, redeliveries, properties: message.properties, bodyBytes: message.body.length,
    bodyText: message.body.subarray(0, 2048).toString('utf8'),
  };
}
