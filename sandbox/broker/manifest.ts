/** The topic manifest, rocketmq/topics.json: every topic with its message type, and the consumer groups that need settings. */
import fs from 'node:fs';
import path from 'node:path';
import { configDir } from './layout.ts';

export const messageTypes = ['NORMAL', 'FIFO', 'DELAY', 'TRANSACTION'] as const;
export type MessageType = (typeof messageTypes)[number];

/** Queues per topic unless the manifest says otherwise (`"queues": 1` for a FIFO topic in global order). */
export const DEFAULT_QUEUES = 4;
const MAX_QUEUES = 16;

/**
 * A consumer group created with settings other than the broker's defaults. Optional fields keep
 * the defaults: 16 retries, concurrent (not orderly), the CUSTOMIZED retry policy
 * (SubscriptionGroupConfig.java, GroupRetryPolicy.java in RocketMQ 5.3.3).
 */
export interface GroupSettings {
  group: string;
  /** retryMaxTimes: deliveries after the first before the message goes to %DLQ%<group>. */
  retries?: number;
  /** consumeMessageOrderly: a FIFO topic's messages are handed out in order. */
  orderly?: boolean;
  /** An EXPONENTIAL groupRetryPolicy instead of the default CUSTOMIZED one. */
  exponentialBackoff?: { initialMs: number; maxMs: number; multiplier: number };
}

export interface TopicManifest {
  topics: { name: string; type: MessageType; queues?: number }[];
  /** Orderly groups with every other setting at its default. */
  orderlyGroups: string[];
  /** Groups with settings; optional in the file. */
  groups: GroupSettings[];
}

export const manifestPath = path.join(configDir, 'topics.json');

// Names as the broker allows them; %DLQ%<group> is a dead-letter topic, pre-created so a reader can subscribe before the first dead letter.
const namePattern = /^(%DLQ%)?[A-Za-z0-9_-]{1,127}$/;
const groupPattern = /^[A-Za-z0-9_-]{1,127}$/;

/** Read and check the manifest; throws with the offending entry when it is malformed. */
export function readManifest(file = manifestPath): TopicManifest {
  const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as Omit<TopicManifest, 'groups'> & { groups?: GroupSettings[] };
  const seen = new Set<string>();
  for (const topic of raw.topics) {
    if (!namePattern.test(topic.name)) throw new Error(`${file}: topic name ${JSON.stringify(topic.name)} is not allowed`);
    if (!messageTypes.includes(topic.type)) {
      throw new Error(`${file}: topic ${topic.name} has type ${topic.type}; use one of ${messageTypes.join(', ')}`);
    }
    if (topic.queues !== undefined && !(Number.isInteger(topic.queues) && topic.queues >= 1 && topic.queues <= MAX_QUEUES)) {
      throw new Error(`${file}: topic ${topic.name} has "queues": ${JSON.stringify(topic.queues)}; use a whole number from 1 to ${MAX_QUEUES}`);
    }
    if (seen.has(topic.name)) throw new Error(`${file}: topic ${topic.name} is listed twice`);
    seen.add(topic.name);
  }
  for (const group of raw.orderlyGroups) {
    if (!groupPattern.test(group)) throw new Error(`${file}: group name ${JSON.stringify(group)} is not allowed`);
  }
  const groups = raw.groups ?? [];
  const seenGroups = new Set<string>();
  for (const settings of groups) {
    if (!groupPattern.test(settings.group)) throw new Error(`${file}: group name ${JSON.stringify(settings.group)} is not allowed`);
    if (seenGroups.has(settings.group)) throw new Error(`${file}: group ${settings.group} is listed twice in "groups"`);
    seenGroups.add(settings.group);
    if (settings.retries !== undefined && !(Number.isInteger(settings.retries) && settings.retries >= 0)) {
      throw new Error(`${file}: group ${settings.group} has retries ${settings.retries}; use a whole number ≥ 0`);
    }
    const backoff = settings.exponentialBackoff;
    if (backoff && !(backoff.initialMs > 0 && backoff.maxMs >= backoff.initialMs && backoff.multiplier >= 1)) {
      throw new Error(`${file}: group ${settings.group} needs exponentialBackoff with initialMs > 0, maxMs ≥ initialMs, multiplier ≥ 1`);
    }
  }
  return { topics: raw.topics, orderlyGroups: raw.orderlyGroups, groups };
}

/** A group's complete settings, defaults filled in. */
export type GroupConfig = Required<Omit<GroupSettings, 'exponentialBackoff'>> & Pick<GroupSettings, 'exponentialBackoff'>;

/**
 * Every group the manifest creates, with its full settings: orderlyGroups and groups merged.
 * updateSubGroup replaces a group's whole config, so each group is written once, complete.
 */
export function groupConfigs(manifest: TopicManifest): GroupConfig[] {
  const names = [...new Set([...manifest.orderlyGroups, ...manifest.groups.map((g) => g.group)])];
  return names.map((group) => {
    const settings = manifest.groups.find((g) => g.group === group);
    return {
      group,
      retries: settings?.retries ?? 16,
      orderly: manifest.orderlyGroups.includes(group) || (settings?.orderly ?? false),
      exponentialBackoff: settings?.exponentialBackoff,
    };
  });
}
