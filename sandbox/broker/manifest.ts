/** The topic manifest, rocketmq/topics.json: every topic with its message type, and the orderly groups. */
import fs from 'node:fs';
import path from 'node:path';
import { configDir } from './layout.ts';

export const messageTypes = ['NORMAL', 'FIFO', 'DELAY', 'TRANSACTION'] as const;
export type MessageType = (typeof messageTypes)[number];

/** Queues per topic unless the manifest says otherwise (`"queues": 1` for a FIFO topic in global order). */
export const DEFAULT_QUEUES = 4;
const MAX_QUEUES = 16;

export interface TopicManifest {
  topics: { name: string; type: MessageType; queues?: number }[];
  orderlyGroups: string[];
}

export const manifestPath = path.join(configDir, 'topics.json');

const namePattern = /^[A-Za-z0-9_-]{1,127}$/;

/** Read and check the manifest; throws with the offending entry when it is malformed. */
export function readManifest(file = manifestPath): TopicManifest {
  const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as TopicManifest;
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
    if (!namePattern.test(group)) throw new Error(`${file}: group name ${JSON.stringify(group)} is not allowed`);
  }
  return { topics: raw.topics, orderlyGroups: raw.orderlyGroups };
}
