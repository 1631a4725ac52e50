/**
 * What the console shows, read from the broker over remoting (inspect.ts and four more reads):
 * nothing here changes the broker. Each function costs a known, small number of requests, so the
 * API's cache and rate limit bound the load a page puts on the broker.
 */
import type {
  BrokerSummary, GroupSummary, GroupView, OverviewView, TopicSummary, TopicView, WaitingRow,
} from '../console-protocol.ts';
import { halfMessagesWaiting } from './half-messages.ts';
import {
  consumeStats, consumerConnections, expectSuccess, groupsOfTopic, topicBrokers, topicOffsets,
} from './inspect.ts';
import { parseRemotingJson, remotingCall, RequestCode, type RemotingResponse } from './remoting.ts';

/** A topic, group or message that the broker does not have: the API answers 404 with this message. */
export class NotFound extends Error {}

type Master = { cluster: string; name: string; address: string };

/** Brokers come and go rarely: a group view reuses the list for this long instead of asking the name server each time. */
const mastersTtlMs = 10_000;
let knownMasters: { namesrv: string; at: number; masters: Master[] } | undefined;

/** The master brokers, from the name server (GET_BROKER_CLUSTER_INFO): 1 request. */
export async function masterBrokers(namesrv: string): Promise<Master[]> {
  const masters = await readMasters(namesrv);
  knownMasters = { namesrv, at: Date.now(), masters };
  return masters;
}

/** masterBrokers(), or its last answer when it is younger than mastersTtlMs. */
async function recentMasters(namesrv: string): Promise<Master[]> {
  if (knownMasters?.namesrv === namesrv && Date.now() - knownMasters.at < mastersTtlMs) return knownMasters.masters;
  return masterBrokers(namesrv);
}

async function readMasters(namesrv: string): Promise<Master[]> {
  const response = await remotingCall(namesrv, RequestCode.getBrokerClusterInfo);
  const info = parseRemotingJson<{
    brokerAddrTable: Record<string, { brokerName: string; cluster: string; brokerAddrs: Record<string, string> }>;
  }>(expectSuccess(response, 'the cluster'));
  return Object.values(info.brokerAddrTable)
    .filter((broker) => broker.brokerAddrs['0'])
    .map((broker) => ({ cluster: broker.cluster, name: broker.brokerName, address: broker.brokerAddrs['0'] }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Cluster, brokers, topics, groups, and messages held back (half and timer): 1 + 6 requests per broker. */
export async function overview(namesrv: string): Promise<OverviewView> {
  const masters = await masterBrokers(namesrv);
  const brokers: BrokerSummary[] = [];
  const topics = new Map<string, TopicSummary>();
  const groups = new Map<string, GroupSummary>();
  const systemNames = new Set(masters.flatMap((broker) => [broker.name, broker.cluster]));
  const waiting = new Map<string, WaitingRow>();
  const waitingRow = (topic: string) => waiting.get(topic) ?? waiting.set(topic, { topic, half: 0, timer: 0 }).get(topic)!;
  let halfWaitingComplete = true;
  for (const master of masters) {
    const [runtime, topicConfigs, groupConfigs, half, timer] = await Promise.all([
      remotingCall(master.address, RequestCode.getBrokerRuntimeInfo),
      remotingCall(master.address, RequestCode.getAllTopicConfig),
      remotingCall(master.address, RequestCode.getAllSubscriptionGroupConfig),
      halfMessagesWaiting(master.address),
      timerWaiting(master.address),
    ]);
    for (const [topic, count] of Object.entries(half.byTopic)) waitingRow(topic).half += count;
    for (const [topic, count] of Object.entries(timer)) if (count > 0) waitingRow(topic).timer += count;
    halfWaitingComplete &&= half.complete;
    // BrokerController.getRuntimeInfo / AdminBrokerProcessor.prepareRuntimeInfo: every value a string.
    const table = parseRemotingJson<{ table: Record<string, string> }>(expectSuccess(runtime, 'the broker runtime info')).table;
    brokers.push({
      ...master,
      version: table.brokerVersionDesc ?? 'unknown',
      bootedAt: table.bootTimestamp ? new Date(Number(table.bootTimestamp)).toISOString() : undefined,
      commitLogDiskRatio: table.commitLogDiskRatio !== undefined ? Number(table.commitLogDiskRatio) : undefined,
      diskCapacity: table.commitLogDirCapacity,
      messagesPutToday: table.msgPutTotalTodayNow !== undefined ? Number(table.msgPutTotalTodayNow) : undefined,
    });
    const configs = parseRemotingJson<{ topicConfigTable: Record<string, { topicName: string; readQueueNums: number; writeQueueNums: number; attributes?: Record<string, string> }> }>(
      expectSuccess(topicConfigs, 'the topics')).topicConfigTable;
    for (const config of Object.values(configs)) {
      topics.set(config.topicName, {
        name: config.topicName,
        // TopicAttributes.TOPIC_MESSAGE_TYPE_ATTRIBUTE; topics made without it are UNSPECIFIED (TopicMessageType).
        type: config.attributes?.['message.type'] ?? config.attributes?.['+message.type'] ?? 'UNSPECIFIED',
        readQueues: config.readQueueNums,
        writeQueues: config.writeQueueNums,
        kind: topicKind(config.topicName, systemNames),
      });
    }
    for (const group of Object.values(groupTable(groupConfigs))) {
      groups.set(group.groupName, { name: group.groupName, orderly: group.consumeMessageOrderly, retryMaxTimes: group.retryMaxTimes, system: isSystemGroup(group.groupName) });
    }
  }
  return {
    namesrv,
    brokers,
    topics: [...topics.values()].sort((a, b) => a.name.localeCompare(b.name)),
    groups: [...groups.values()].sort((a, b) => a.name.localeCompare(b.name)),
    waiting: [...waiting.values()].sort((a, b) => a.topic.localeCompare(b.topic)),
    halfWaitingComplete,
    readAt: new Date().toISOString(),
  };
}

type GroupConfig = { groupName: string; consumeMessageOrderly: boolean; retryMaxTimes: number };

function groupTable(response: RemotingResponse): Record<string, GroupConfig> {
  return parseRemotingJson<{ subscriptionGroupTable: Record<string, GroupConfig> }>(expectSuccess(response, 'the consumer groups')).subscriptionGroupTable;
}

/** The broker's subscription groups (GET_ALL_SUBSCRIPTIONGROUP_CONFIG), by name. */
async function subscriptionGroups(broker: string): Promise<Record<string, GroupConfig>> {
  return groupTable(await remotingCall(broker, RequestCode.getAllSubscriptionGroupConfig));
}

/** Per-queue offsets of one topic, its delay messages not yet due, its half messages, and the groups that read it: 1 + 5 requests per broker that holds it. */
export async function topicView(namesrv: string, topic: string): Promise<TopicView> {
  const brokers = await topicBrokers(namesrv, topic);
  if (brokers.length === 0) throw new NotFound(`no topic "${topic}" on the broker`);
  const queues: TopicView['queues'] = [];
  const groups = new Set<string>();
  let waiting = 0;
  let halfWaiting = 0;
  let halfWaitingComplete = true;
  for (const broker of brokers) {
    const [offsets, readers, timer, half] = await Promise.all([
      topicOffsets(broker.address, topic), groupsOfTopic(broker.address, topic), timerWaiting(broker.address), halfMessagesWaiting(broker.address),
    ]);
    for (const queue of offsets ?? []) queues.push({ ...queue, lastStoredAt: queue.lastStoredAt?.toISOString() });
    for (const group of readers) groups.add(group);
    waiting += timer[topic] ?? 0;
    halfWaiting += half.byTopic[topic] ?? 0;
    halfWaitingComplete &&= half.complete;
  }
  return {
    topic,
    queues,
    maxOffsetTotal: sum(queues.map((queue) => queue.maxOffset)),
    stored: sum(queues.map((queue) => queue.maxOffset - queue.minOffset)),
    timerWaiting: waiting,
    halfWaiting,
    halfWaitingComplete,
    groups: [...groups].sort(),
    readAt: new Date().toISOString(),
  };
}

/**
 * Delay messages waiting in the timer, by their real topic (GET_TIMER_METRICS): TimerMessageStore
 * counts one up when it takes a message in and one down when it puts it into its topic, due.
 */
async function timerWaiting(broker: string): Promise<Record<string, number>> {
  const response = await remotingCall(broker, RequestCode.getTimerMetrics);
  const metrics = parseRemotingJson<{ timingCount: Record<string, { count: number }> }>(expectSuccess(response, 'the timer metrics'));
  return Object.fromEntries(Object.entries(metrics.timingCount).map(([topic, metric]) => [topic, metric.count]));
}

/**
 * A group's clients, subscription and per-queue progress (of `topic` only, when given): 3
 * requests per broker, and the cluster's brokers at most every 10 s. A group is known when it is in the broker's subscription groups or a client
 * of it is online: GET_CONSUME_STATS answers an empty table for any name, and
 * GET_SUBSCRIPTIONGROUP_CONFIG is no read at all while autoCreateSubscriptionGroup is on, since it
 * creates the group it is asked about (SubscriptionGroupManager.findSubscriptionGroupConfig).
 */
export async function groupView(namesrv: string, group: string, topic?: string): Promise<GroupView> {
  const view: GroupView = { group, clients: [], subscriptions: [], queues: [], lag: 0, readAt: new Date().toISOString() };
  let known = false;
  for (const broker of await recentMasters(namesrv)) {
    const [config, online, progress] = await Promise.all([
      subscriptionGroups(broker.address),
      consumerConnections(broker.address, group),
      consumeStats(broker.address, group, topic),
    ]);
    if (config[group] || online) known = true;
    if (online) {
      view.clients.push(...online.clients);
      view.subscriptions.push(...online.subscriptions.map(({ topic, expressionType, expression }) => ({ topic, expressionType, expression })));
      view.consumeType = online.consumeType;
      view.messageModel = online.messageModel;
    }
    view.queues.push(...progress.map((queue) => ({ ...queue, lastConsumedAt: queue.lastConsumedAt?.toISOString() })));
  }
  if (!known) throw new NotFound(`no consumer group "${group}" on the broker`);
  view.lag = sum(view.queues.map((queue) => queue.lag));
  return view;
}

// TopicValidator.SYSTEM_TOPIC_SET and SYSTEM_TOPIC_PREFIX (RocketMQ 5.3.3).
const systemTopics = new Set([
  'TBW102', 'SCHEDULE_TOPIC_XXXX', 'BenchmarkTest', 'RMQ_SYS_TRANS_HALF_TOPIC', 'RMQ_SYS_TRACE_TOPIC', 'RMQ_SYS_TRANS_OP_HALF_TOPIC',
  'TRANS_CHECK_MAX_TIME_TOPIC', 'SELF_TEST_TOPIC', 'OFFSET_MOVED_EVENT', 'CHECKPOINT_TOPIC',
]);

/** The broker also makes topics named after itself and its cluster (TopicConfigManager). */
function topicKind(name: string, brokerAndClusterNames: Set<string>): TopicSummary['kind'] {
  if (name.startsWith('%RETRY%')) return 'retry';
  if (name.startsWith('%DLQ%')) return 'dlq';
  if (systemTopics.has(name) || name.startsWith('rmq_sys_') || brokerAndClusterNames.has(name)) return 'system';
  // MixAll.REPLY_TOPIC_POSTFIX: the broker's topic for request-reply, <cluster>_REPLY_TOPIC.
  if (name.endsWith('_REPLY_TOPIC') && brokerAndClusterNames.has(name.slice(0, -'_REPLY_TOPIC'.length))) return 'system';
  return 'user';
}

// MixAll.PREDEFINE_GROUP_SET and MixAll.isSysConsumerGroup (CID_RMQ_SYS_ prefix).
const systemGroups = new Set([
  'DEFAULT_CONSUMER', 'DEFAULT_PRODUCER', 'TOOLS_CONSUMER', 'SCHEDULE_CONSUMER', 'FILTERSRV_CONSUMER', '__MONITOR_CONSUMER',
  'CLIENT_INNER_PRODUCER', 'SELF_TEST_P_GROUP', 'SELF_TEST_C_GROUP', 'CID_ONS-HTTP-PROXY', 'CID_ONSAPI_PERMISSION', 'CID_ONSAPI_OWNER',
  'CID_ONSAPI_PULL', 'CID_RMQ_SYS_TRANS',
]);

function isSystemGroup(name: string): boolean {
  return systemGroups.has(name) || name.startsWith('CID_RMQ_SYS_');
}

const sum = (numbers: number[]) => numbers.reduce((a, b) => a + b, 0);
