/** Admin calls over the remoting protocol: find the broker, create topics and groups, read its version. */
import { DEFAULT_QUEUES, groupConfigs, readManifest, type TopicManifest } from './manifest.ts';
import { parseRemotingJson, remotingCall, RequestCode } from './remoting.ts';
import { inRoom, roomPrefix } from './room.ts';

const SUCCESS = 0;
const CLUSTER = 'DefaultCluster';
const GET_BROKER_CLUSTER_INFO = 106;

/** The remoting address of the master broker of DefaultCluster, as registered in the name server; undefined while none is. */
export async function findBrokerAddress(namesrv: string): Promise<string | undefined> {
  const response = await remotingCall(namesrv, GET_BROKER_CLUSTER_INFO);
  if (response.code !== SUCCESS || response.body.length === 0) return undefined;
  // fastjson writes maps with numeric keys unquoted ({0:"127.0.0.1:10911"}): quote them first.
  const info = JSON.parse(response.body.toString('utf8').replace(/([{,])(\d+):/g, '$1"$2":')) as {
    brokerAddrTable: Record<string, { cluster: string; brokerAddrs: Record<string, string> }>;
  };
  for (const broker of Object.values(info.brokerAddrTable ?? {})) {
    if (broker.cluster === CLUSTER && broker.brokerAddrs['0']) return broker.brokerAddrs['0'];
  }
  return undefined;
}

/**
 * Create or update every topic and group of the manifest on the broker, each under the names of
 * the attendee's room when `prefix` is given (WORKBOOK_NAMESPACE: `alice-hello`). Idempotent.
 *
 * Three requests, whatever the manifest's size: the broker's topics, then one list of the topics
 * that are missing or differ, then one list of the groups. One request per topic cost the broker a
 * write of topics.json and a registration with the name server each (AdminBrokerProcessor
 * .updateAndCreateTopic), and again in every `npm test` project that found the broker running:
 * with 59 topics, a cold start took 6.6 s and 12.1 CPU s; with the lists, 4.4–4.7 s and 8.2–8.8 CPU s
 * (`npm run bench:broker`, quiet machine).
 */
export async function applyManifest(brokerAddress: string, manifest: TopicManifest = readManifest(), prefix = roomPrefix()): Promise<void> {
  manifest = {
    topics: manifest.topics.map((topic) => ({ ...topic, name: inRoom(topic.name, prefix) })),
    orderlyGroups: manifest.orderlyGroups.map((group) => inRoom(group, prefix)),
    groups: manifest.groups.map((settings) => ({ ...settings, group: inRoom(settings.group, prefix) })),
  };
  const existing = await topicConfigs(brokerAddress);
  const wanted = manifest.topics.map((topic) => {
    const queues = topic.queues ?? DEFAULT_QUEUES;
    return { topicName: topic.name, readQueueNums: queues, writeQueueNums: queues, perm: READ_WRITE, topicFilterType: 'SINGLE_TAG',
      topicSysFlag: 0, order: false, attributes: { '+message.type': topic.type } };
  });
  // Only what is missing or differs: updateAndCreateTopicList (AdminBrokerProcessor, RocketMQ 5.3.3)
  // answers SUCCESS and creates nothing when one topic of the list is exactly as the broker stores it
  // (tried on 5.3.3: a list of such a topic and a new one left the new one out).
  const changed = wanted.filter(({ topicName, readQueueNums, attributes }) => {
    const now = existing[topicName];
    return !now || now.readQueueNums !== readQueueNums || now.writeQueueNums !== readQueueNums || now.perm !== READ_WRITE ||
      now.attributes?.['message.type'] !== attributes['+message.type'];
  });
  if (changed.length > 0) {
    const response = await remotingCall(brokerAddress, RequestCode.updateAndCreateTopicList, {},
      Buffer.from(JSON.stringify({ topicConfigList: changed })));
    if (response.code !== SUCCESS) throw new Error(`creating topics ${changed.map((topic) => topic.topicName).join(', ')} failed: ${response.remark ?? response.code}`);
  }
  // SubscriptionGroupConfig as the broker stores it; each replaces the group's whole config.
  const groupConfigList = groupConfigs(manifest).map(({ group, retries, orderly, exponentialBackoff }) => ({
    groupName: group, consumeEnable: true, consumeFromMinEnable: true, consumeBroadcastEnable: true,
    consumeMessageOrderly: orderly, retryQueueNums: 1, retryMaxTimes: retries, brokerId: 0, whichBrokerWhenConsumeSlowly: 1,
    notifyConsumerIdsChangedEnable: true, groupSysFlag: 0, consumeTimeoutMinute: 15,
    ...(exponentialBackoff && { groupRetryPolicy: { type: 'EXPONENTIAL', exponentialRetryPolicy: {
      initial: exponentialBackoff.initialMs, max: exponentialBackoff.maxMs, multiplier: exponentialBackoff.multiplier } } }),
  }));
  if (groupConfigList.length > 0) {
    const response = await remotingCall(brokerAddress, RequestCode.updateAndCreateSubscriptionGroupList, {},
      Buffer.from(JSON.stringify({ groupConfigList })));
    if (response.code !== SUCCESS) throw new Error(`creating groups ${groupConfigList.map((group) => group.groupName).join(', ')} failed: ${response.remark ?? response.code}`);
  }
}

const READ_WRITE = 6;

type StoredTopic = { readQueueNums: number; writeQueueNums: number; perm: number; attributes?: Record<string, string> };

/** The broker's topics as it stores them (GET_ALL_TOPIC_CONFIG), by name. */
async function topicConfigs(brokerAddress: string): Promise<Record<string, StoredTopic>> {
  const response = await remotingCall(brokerAddress, RequestCode.getAllTopicConfig);
  if (response.code !== SUCCESS) throw new Error(`reading the broker's topics failed: ${response.remark ?? response.code}`);
  return parseRemotingJson<{ topicConfigTable: Record<string, StoredTopic> }>(response.body).topicConfigTable;
}

/**
 * Make the broker register with the name server now. A broker registers at the end of its start
 * (BrokerController.start) and then every registerNameServerPeriod, at least 10 s. But it sends a
 * registration only to the name servers its client has already connected to
 * (BrokerOuterAPI.registerBrokerAll uses NettyRemotingClient.getAvailableNameSrvList, filled by a
 * background scan, scanAvailableNameSrv, that connects asynchronously): when the start wins that
 * race, the first registration goes nowhere, without a log line. Here that happened on three of five
 * starts with a store (namesrv_traffic.log: no REGISTER_BROKER, code 103, until the periodic one
 * 10 s later), and a restart took 14 s instead of 5. Setting brokerPermission to the value it has
 * (6: read and write) makes AdminBrokerProcessor.updateBrokerConfig register at once; nothing else changes.
 */
export async function registerNow(brokerAddress: string): Promise<void> {
  const response = await remotingCall(brokerAddress, RequestCode.updateBrokerConfig, {}, Buffer.from(`brokerPermission=${READ_WRITE}\n`));
  if (response.code !== SUCCESS) throw new Error(`asking the broker to register failed: ${response.remark ?? response.code}`);
}

/** The broker's version, e.g. "V5_3_3". */
export async function brokerVersion(brokerAddress: string): Promise<string> {
  const response = await remotingCall(brokerAddress, RequestCode.getBrokerRuntimeInfo);
  const table = JSON.parse(response.body.toString('utf8')).table as Record<string, string>;
  return table.brokerVersionDesc;
}
