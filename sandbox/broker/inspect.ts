/**
 * Read-only views of a RocketMQ broker, over the remoting protocol that mqadmin and the dashboard
 * speak: where a topic lives, its queues' offsets, a consumer group's clients, subscription and
 * progress, and stored messages looked up by key or id. Nothing here changes the broker.
 *
 * Request and response fields are those of RocketMQ 5.3.3: RequestCode.java, the
 * *RequestHeader classes, and the broker's AdminBrokerProcessor, ConsumerManageProcessor and
 * QueryMessageProcessor. A note on consumer groups that read in pop mode (every gRPC consumer:
 * SimpleConsumer, PushConsumer): the broker commits a group's offset when it hands a batch out
 * (PopMessageProcessor, PopBufferMergeService), not when the batch is acknowledged; a message
 * that is not acknowledged in time is later written to the group's retry topic
 * (PopReviveService), and that is where to look for redeliveries.
 */
import { parseRemotingJson, remotingCall, RequestCode, ResponseCode, type RemotingResponse } from './remoting.ts';

/** A master broker: its name (broker-a) and remoting address (127.0.0.1:10911). */
export interface BrokerRef {
  name: string;
  address: string;
}

/** The master brokers that hold `topic`, from the name server's route (GET_ROUTEINFO_BY_TOPIC); [] when no broker has it. */
export async function topicBrokers(namesrv: string, topic: string): Promise<BrokerRef[]> {
  const response = await remotingCall(namesrv, RequestCode.getRouteInfoByTopic, { topic });
  if (response.code === ResponseCode.topicNotExist) return [];
  const route = parseRemotingJson<{ brokerDatas: { brokerName: string; brokerAddrs: Record<string, string> }[] }>(
    expectSuccess(response, `the route of ${topic}`));
  return route.brokerDatas.filter((broker) => broker.brokerAddrs['0']).map((broker) => ({ name: broker.brokerName, address: broker.brokerAddrs['0'] }));
}

/** One queue of a topic on one broker: the offsets of its first and next message. */
export interface QueueOffsets {
  broker: string;
  queueId: number;
  /** The offset of the oldest message still stored. */
  minOffset: number;
  /** The offset the next message will get: the number of messages ever stored in the queue. */
  maxOffset: number;
  /** When the newest message was stored; undefined for an empty queue. */
  lastStoredAt?: Date;
}

/** Min and max offset of every queue of `topic` on `broker` (GET_TOPIC_STATS_INFO); undefined when the broker does not have the topic. */
export async function topicOffsets(broker: string, topic: string): Promise<QueueOffsets[] | undefined> {
  const response = await remotingCall(broker, RequestCode.getTopicStatsInfo, { topic });
  if (response.code === ResponseCode.topicNotExist) return undefined;
  const stats = parseRemotingJson<{ offsetTable: Record<string, { minOffset: number; maxOffset: number; lastUpdateTimestamp: number }> }>(
    expectSuccess(response, `the offsets of ${topic}`));
  return queueRows(stats.offsetTable, (queue, row) => ({
    broker: queue.brokerName,
    queueId: queue.queueId,
    minOffset: row.minOffset,
    maxOffset: row.maxOffset,
    lastStoredAt: row.lastUpdateTimestamp > 0 ? new Date(row.lastUpdateTimestamp) : undefined,
  }));
}

/** A client connected in a consumer group. */
export interface ConsumerClient {
  clientId: string;
  /** Host and port the broker sees; for a gRPC client in local proxy mode, the proxy's own connection. */
  address: string;
  /** JAVA, GO, … ; HTTP for clients that come through the gRPC proxy. */
  language: string;
  version: number;
}

/** What a consumer group subscribes to on one topic. */
export interface Subscription {
  topic: string;
  /** TAG or SQL92. */
  expressionType: string;
  /** As the consumer gave it: `*`, `paid`, `paid||cancelled`, or an SQL92 expression. */
  expression: string;
  /** The tags a TAG expression lets through; empty for `*` and for SQL92. */
  tags: string[];
}

/** The clients online in a consumer group and the subscription the broker holds for it. */
export interface ConsumerConnections {
  clients: ConsumerClient[];
  subscriptions: Subscription[];
  /** CONSUME_ACTIVELY (pull and pop clients, every gRPC consumer) or CONSUME_PASSIVELY (4.x push). */
  consumeType: string;
  /** CLUSTERING (a group shares the messages) or BROADCASTING. */
  messageModel: string;
}

/**
 * Who is online in `group`, and its subscription (GET_CONSUMER_CONNECTION_LIST); undefined when no
 * client of the group is online. A gRPC client registers at startup() and leaves at shutdown().
 */
export async function consumerConnections(broker: string, group: string): Promise<ConsumerConnections | undefined> {
  const response = await remotingCall(broker, RequestCode.getConsumerConnectionList, { consumerGroup: group });
  if (response.code === ResponseCode.consumerNotOnline) return undefined;
  const body = parseRemotingJson<{
    connectionSet: { clientId: string; clientAddr: string; language: string; version: number }[];
    subscriptionTable: Record<string, { topic: string; expressionType: string; subString: string; tagsSet: string[] }>;
    consumeType: string;
    messageModel: string;
  }>(expectSuccess(response, `the connections of ${group}`));
  return {
    clients: body.connectionSet.map((c) => ({ clientId: c.clientId, address: c.clientAddr, language: c.language, version: c.version })),
    subscriptions: Object.values(body.subscriptionTable).map((s) => ({
      topic: s.topic, expressionType: s.expressionType, expression: s.subString, tags: s.tagsSet ?? [],
    })),
    consumeType: body.consumeType,
    messageModel: body.messageModel,
  };
}

/** How far a consumer group has got in one queue. */
export interface GroupQueueProgress {
  topic: string;
  broker: string;
  queueId: number;
  /** The queue's max offset: the offset its next message will get. */
  maxOffset: number;
  /** The group's committed offset: the next message it will be handed. 0 where it has none yet. */
  consumerOffset: number;
  /** maxOffset − consumerOffset: messages the group has not been handed yet. */
  lag: number;
  /** When the last message the group was handed was stored. */
  lastConsumedAt?: Date;
}

/**
 * A consumer group's offset beside the max offset in every queue of `topic`, or of every topic it
 * has offsets for, its retry topic included (GET_CONSUME_STATS).
 */
export async function consumeStats(broker: string, group: string, topic?: string): Promise<GroupQueueProgress[]> {
  const response = await remotingCall(broker, RequestCode.getConsumeStats, { consumerGroup: group, ...(topic ? { topic } : {}) });
  const stats = parseRemotingJson<{ offsetTable: Record<string, { brokerOffset: number; consumerOffset: number; lastTimestamp: number }> }>(
    expectSuccess(response, `the progress of ${group}`));
  return queueRows(stats.offsetTable, (queue, row) => ({
    topic: queue.topic,
    broker: queue.brokerName,
    queueId: queue.queueId,
    maxOffset: row.brokerOffset,
    consumerOffset: row.consumerOffset,
    lag: row.brokerOffset - row.consumerOffset,
    lastConsumedAt: row.lastTimestamp > 0 ? new Date(row.lastTimestamp) : undefined,
  }));
}

/**
 * The committed offset of `group` in one queue, or undefined when the group has none there
 * (QUERY_CONSUMER_OFFSET with setZeroIfNotFound=false: without it the broker answers 0 for a
 * group it has never seen, when the queue's first message is still in memory).
 */
export async function consumerOffset(broker: string, group: string, topic: string, queueId: number): Promise<number | undefined> {
  const response = await remotingCall(broker, RequestCode.queryConsumerOffset, {
    consumerGroup: group, topic, queueId: String(queueId), setZeroIfNotFound: 'false',
  });
  if (response.code === ResponseCode.queryNotFound) return undefined;
  expectSuccess(response, `the offset of ${group} in ${topic}:${queueId}`);
  return Number(response.extFields?.offset);
}

/** The consumer groups the broker knows for `topic`: those online, and those with a committed offset in it (QUERY_TOPIC_CONSUME_BY_WHO). */
export async function groupsOfTopic(broker: string, topic: string): Promise<string[]> {
  const response = await remotingCall(broker, RequestCode.queryTopicConsumeByWho, { topic });
  return parseRemotingJson<{ groupList: string[] }>(expectSuccess(response, `the groups of ${topic}`)).groupList.sort();
}

/** A message as the broker stored it. */
export interface StoredMessage {
  topic: string;
  queueId: number;
  /** Its position in the queue. */
  queueOffset: number;
  /** Its position in the broker's commit log. */
  commitLogOffset: number;
  bornAt: Date;
  storedAt: Date;
  /** Times the broker has handed it out again after a failure (4.x consumers; 0 in the original topic). */
  reconsumeTimes: number;
  /** The id the producer gave it (UNIQ_KEY): the message id clients print. */
  messageId?: string;
  tag?: string;
  keys: string[];
  /** Every property, the system ones (TAGS, KEYS, UNIQ_KEY, …) included. */
  properties: Record<string, string>;
  body: Buffer;
}

/** The messages of `topic` whose key (one of its `keys`) is `key`, from the broker's index (QUERY_MESSAGE). */
export async function messagesByKey(broker: string, topic: string, key: string, maxNum = 32): Promise<StoredMessage[]> {
  const messages = await queryIndex(broker, topic, key, { maxNum: String(maxNum) });
  return messages.filter((message) => message.topic === topic && message.keys.includes(key));
}

/** The message of `topic` with the message id `messageId` (the id a receipt or a consumer shows), from the broker's index; undefined when not (yet) indexed. */
export async function messageById(broker: string, topic: string, messageId: string): Promise<StoredMessage | undefined> {
  const messages = await queryIndex(broker, topic, messageId, { maxNum: '32', _UNIQUE_KEY_QUERY: 'true' });
  return messages.find((message) => message.topic === topic && message.messageId === messageId);
}

/**
 * The topics where the broker puts a pop-mode group's messages that were not acknowledged in time:
 * `%RETRY%<group>_<topic>`, or `%RETRY%<group>+<topic>` with enableRetryTopicV2 (KeyBuilder.java).
 */
export function popRetryTopics(group: string, topic: string): string[] {
  return [`%RETRY%${group}_${topic}`, `%RETRY%${group}+${topic}`];
}

/** The messages in the index under `key` (the broker hashes; callers filter). Index lookups run a little behind the store. */
async function queryIndex(broker: string, topic: string, key: string, extra: Record<string, string>): Promise<StoredMessage[]> {
  const response = await remotingCall(broker, RequestCode.queryMessage, {
    topic, key, beginTimestamp: '0', endTimestamp: String(Number.MAX_SAFE_INTEGER), ...extra,
  });
  if (response.code === ResponseCode.queryNotFound) return [];
  return decodeStoredMessages(expectSuccess(response, `messages with the key ${key}`));
}

const MAGIC_V1 = -626843481; // MessageDecoder.MESSAGE_MAGIC_CODE: 1-byte topic length
const MAGIC_V2 = -626843477; // MESSAGE_MAGIC_CODE_V2: 2-byte topic length
const BORN_HOST_V6 = 1 << 4; // MessageSysFlag.BORNHOST_V6_FLAG
const STORE_HOST_V6 = 1 << 5; // MessageSysFlag.STOREHOSTADDRESS_V6_FLAG

/** Decode messages in the commit log's format, one after another (MessageDecoder.decode, without decompression). */
export function decodeStoredMessages(buffer: Buffer): StoredMessage[] {
  const messages: StoredMessage[] = [];
  for (let start = 0; start + 8 <= buffer.length;) {
    const size = buffer.readInt32BE(start);
    const magic = buffer.readInt32BE(start + 4);
    if (size <= 0 || (magic !== MAGIC_V1 && magic !== MAGIC_V2)) break;
    let at = start + 12; // size, magic, body CRC
    const int = () => { at += 4; return buffer.readInt32BE(at - 4); };
    const long = () => { at += 8; return Number(buffer.readBigInt64BE(at - 8)); };
    const queueId = int();
    int(); // flag
    const queueOffset = long();
    const commitLogOffset = long();
    const sysFlag = int();
    const bornAt = new Date(long());
    at += (sysFlag & BORN_HOST_V6 ? 16 : 4) + 4; // born host and port
    const storedAt = new Date(long());
    at += (sysFlag & STORE_HOST_V6 ? 16 : 4) + 4; // store host and port
    const reconsumeTimes = int();
    long(); // prepared transaction offset
    const bodyLength = int();
    const body = Buffer.from(buffer.subarray(at, at + bodyLength));
    at += bodyLength;
    const topicLength = magic === MAGIC_V2 ? buffer.readUInt16BE(at) : buffer.readUInt8(at);
    at += magic === MAGIC_V2 ? 2 : 1;
    const topic = buffer.toString('utf8', at, at + topicLength);
    at += topicLength;
    const propertiesLength = buffer.readInt16BE(at);
    const properties = parseProperties(buffer.toString('utf8', at + 2, at + 2 + Math.max(0, propertiesLength)));
    messages.push({
      topic, queueId, queueOffset, commitLogOffset, bornAt, storedAt, reconsumeTimes,
      messageId: properties.UNIQ_KEY, tag: properties.TAGS,
      keys: properties.KEYS ? properties.KEYS.split(' ') : [], // MessageConst.KEY_SEPARATOR
      properties, body,
    });
    start += size;
  }
  return messages;
}

/** name\u0001value\u0002name\u0001value… (MessageDecoder.string2messageProperties) */
function parseProperties(text: string): Record<string, string> {
  const properties: Record<string, string> = {};
  for (const pair of text.split('\u0002')) {
    const at = pair.indexOf('\u0001');
    if (at > 0) properties[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return properties;
}

/** Rows of a fastjson map keyed by MessageQueue ({brokerName, queueId, topic}), in topic and queue order. */
function queueRows<Row, Out>(table: Record<string, Row>, toRow: (queue: { brokerName: string; queueId: number; topic: string }, row: Row) => Out): Out[] {
  return Object.entries(table)
    .map(([key, row]) => ({ queue: JSON.parse(key) as { brokerName: string; queueId: number; topic: string }, row }))
    .sort((a, b) => a.queue.topic.localeCompare(b.queue.topic) || a.queue.brokerName.localeCompare(b.queue.brokerName) || a.queue.queueId - b.queue.queueId)
    .map(({ queue, row }) => toRow(queue, row));
}

/** The body of a successful response; otherwise an error that says what was asked and what the broker answered. */
export function expectSuccess(response: RemotingResponse, what: string): Buffer {
  if (response.code !== ResponseCode.success) {
    throw new Error(`the broker could not give ${what}: ${response.remark ?? 'no reason given'} (response code ${response.code})`);
  }
  return response.body;
}
