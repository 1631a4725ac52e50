/** Admin calls over the remoting protocol: find the broker, create topics and groups, read its version. */
import { DEFAULT_QUEUES, groupConfigs, readManifest, type TopicManifest } from './manifest.ts';
import { remotingCall, RequestCode } from './remoting.ts';
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
 */
export async function applyManifest(brokerAddress: string, manifest: TopicManifest = readManifest(), prefix = roomPrefix()): Promise<void> {
  manifest = {
    topics: manifest.topics.map((topic) => ({ ...topic, name: inRoom(topic.name, prefix) })),
    orderlyGroups: manifest.orderlyGroups.map((group) => inRoom(group, prefix)),
    groups: manifest.groups.map((settings) => ({ ...settings, group: inRoom(settings.group, prefix) })),
  };
  for (const topic of manifest.topics) {
    const queues = String(topic.queues ?? DEFAULT_QUEUES);
    const response = await remotingCall(brokerAddress, RequestCode.updateAndCreateTopic, {
      topic: topic.name,
      defaultTopic: 'TBW102',
      readQueueNums: queues,
      writeQueueNums: queues,
      perm: '6', // readable and writable
      topicFilterType: 'SINGLE_TAG',
      topicSysFlag: '0',
      order: 'false',
      attributes: `+message.type=${topic.type}`,
    });
    if (response.code !== SUCCESS) throw new Error(`creating topic ${topic.name} failed: ${response.remark ?? response.code}`);
  }
  for (const { group, retries, orderly, exponentialBackoff } of groupConfigs(manifest)) {
    // SubscriptionGroupConfig as the broker stores it; the request replaces the whole config.
    const config = { groupName: group, consumeEnable: true, consumeFromMinEnable: true, consumeBroadcastEnable: true,
      consumeMessageOrderly: orderly, retryQueueNums: 1, retryMaxTimes: retries, brokerId: 0, whichBrokerWhenConsumeSlowly: 1,
      notifyConsumerIdsChangedEnable: true, groupSysFlag: 0, consumeTimeoutMinute: 15,
      ...(exponentialBackoff && { groupRetryPolicy: { type: 'EXPONENTIAL', exponentialRetryPolicy: {
        initial: exponentialBackoff.initialMs, max: exponentialBackoff.maxMs, multiplier: exponentialBackoff.multiplier } } }) };
    const response = await remotingCall(brokerAddress, RequestCode.updateAndCreateSubscriptionGroup, {}, Buffer.from(JSON.stringify(config)));
    if (response.code !== SUCCESS) throw new Error(`creating group ${group} failed: ${response.remark ?? response.code}`);
  }
}

/** The broker's version, e.g. "V5_3_3". */
export async function brokerVersion(brokerAddress: string): Promise<string> {
  const response = await remotingCall(brokerAddress, RequestCode.getBrokerRuntimeInfo);
  const table = JSON.parse(response.body.toString('utf8')).table as Record<string, string>;
  return table.brokerVersionDesc;
}
